# Sourced by the end-to-end shell tests: counters, check(), a scratch directory removed on exit,
# and finish(), which prints the tally and fails the test when a check failed.
fail=0
pass=0
check() {  # name, expected, actual
  if [ "$2" == "$3" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    printf 'FAIL %s\n  expected: %s\n  got:      %s\n' "$1" "$2" "$3"
  fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
finish() {  # name
  echo "$1: $pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
