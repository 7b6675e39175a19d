#!/usr/bin/env bash
# Runs every fuzz target in turn, one process each (the machine is shared),
# for SECONDS each (default 600), then minimises its corpus in place.
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and libFuzzer's nightly
# flags: with a stable toolchain, RUSTC_BOOTSTRAP=1 allows them.
#   fuzz/run.sh [SECONDS] [TARGET...]
# Logs go to fuzz/logs/<target>.log; crashes, timeouts and out-of-memory
# inputs to fuzz/artifacts/<target>/ (copy each to fuzz/regressions/<target>/
# once fixed: cargo test replays them).
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(front_matter page quiz text settings serve_path)
export RUSTC_BOOTSTRAP=1
[ -d seeds ] || ./seed.sh
mkdir -p logs
cargo fuzz build -s none
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  # -fork=1 with -ignore_*: one job that goes on after a crash, so that one
  # run collects every failing input instead of stopping at the first.
  cargo fuzz run -s none "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$secs" -timeout=1 -rss_limit_mb=2048 \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    >"logs/$t.log" 2>&1 || true
  cargo fuzz cmin -s none "$t" "corpus/$t" >"logs/$t.cmin.log" 2>&1 || true
  # The committed corpus stays small: minimised inputs up to 2 KB (a page's
  # up to 4 KB); the larger seeds come back from seed.sh.
  max=2048
  [ "$t" = page ] && max=4096
  find "corpus/$t" -type f -size +"$max"c -delete
  echo "$t: $(grep -E '^#[0-9]+' "logs/$t.log" | tail -1)"
  echo "$t: corpus $(ls "corpus/$t" | wc -l) files, $(du -sh "corpus/$t" | cut -f1); artifacts: $(ls "artifacts/$t" | wc -l)"
done
