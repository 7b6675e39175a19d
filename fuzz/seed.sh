#!/usr/bin/env bash
# Seed inputs for the fuzz targets, from the bundled course and the test
# fixtures, into fuzz/seeds/<target>/ (not committed: the minimised corpora
# under fuzz/corpus/ are). Run from anywhere; then see README "Fuzzing".
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/seeds
rm -rf "$out"
mkdir -p "$out"/{front_matter,page,quiz,text,settings,serve_path}
n=0
while IFS= read -r f; do
  n=$((n + 1))
  cp "$f" "$out/front_matter/md-$n"
  cp "$f" "$out/page/md-$n"
  # Titles and headings: Vietnamese text for slugs and folding.
  grep -E '^(title:|#)' "$f" | head -5 | while IFS= read -r line; do
    printf '%s' "$line" > "$out/text/$(printf '%s' "$line" | sha1sum | cut -c1-16)"
  done
done < <(find content tests/fixtures -name '*.md' | sort)
# Quiz blocks: the YAML inside each ```quiz fence of the course and the
# fixtures (less its fence's indent), and the quiz YAML the tests write as
# Rust or JavaScript string literals (one starting with `- kind:`, or
# holding a whole ```quiz block).
find content tests -name '*.md' -o -name '*.rs' -o -name '*.mjs' | sort |
  perl -ne '
    chomp; my $f = $_; open(my $h, "<", $f) or next; local $/; my $t = <$h>;
    my @blocks;
    if ($f =~ /\.md$/) {
      push @blocks, $2 =~ s/^$1//mgr
        while $t =~ /^( *)```quiz[^\n]*\n(.*?)^ *```[ \t]*$/msg;
    } else {
      while ($t =~ /"(- kind:(?:[^"\\]|\\.)*|(?:[^"\\]|\\.)*```quiz\\n(?:[^"\\]|\\.)*)"/g) {
        my $s = $1;
        $s =~ s/\\u\{([0-9a-fA-F]+)\}/chr(hex $1)/ge;
        $s =~ s/\\(.)/$1 eq "n" ? "\n" : $1 eq "t" ? "\t" : $1/ge;
        $s = $1 if $s =~ /```quiz\n(.*?)```/s;
        push @blocks, $s;
      }
    }
    for my $b (@blocks) {
      $n++;
      open(my $o, ">:raw", "fuzz/seeds/quiz/q-$n") or die; print $o $b; close $o;
    }'
m=0
while IFS= read -r f; do
  m=$((m + 1))
  cp "$f" "$out/settings/yaml-$m"
done < <(find site.yaml data tests/fixtures -name '*.yaml' | sort)
i=0
for p in / /index.html /dang-ky/kich-hoat.html /dang-ky/ '/h%C3%ACnh.png' \
  '/%2e%2e/etc/passwd' '/a/../b' '/a\b' '/C:/x' '//etc/passwd' '/.git/config' \
  '/%252e%252e/' '/a%2fb' '/a%5cb' '/%00' '/%C3%28' '/dang-ky/trinh-chieu.html?x=1'; do
  i=$((i + 1))
  printf '%s' "$p" > "$out/serve_path/p-$i"
done
du -sh "$out"/*
