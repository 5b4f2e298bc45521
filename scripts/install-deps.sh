#!/usr/bin/env bash
# Installs the Debian packages iotsql needs to build and test (only those missing).
set -euo pipefail
packages=(
  cmake g++ ninja-build pkg-config
  antlr4 libantlr4-runtime-dev       # ANTLR 4.7.2 tool + 4.9 C++ runtime
  libsimdjson-dev libabsl-dev libre2-dev libssl-dev
  libintelrdfpmath-dev               # IEEE 754 decimal128 arithmetic (34-digit Decimals)
  libgtest-dev libgmock-dev libbenchmark-dev
  tzdata                             # time zones for parse_time / time_to_epoch
  libcurl4-openssl-dev libsqlite3-dev sqlite3   # action sinks: AWS over HTTP, local DynamoDB
  libyaml-cpp-dev                    # validate: YAML rule files, CloudFormation templates
  clang libclang-rt-14-dev           # sanitizer builds and libFuzzer (scripts/sanitize.sh, fuzz.sh)
  mosquitto mosquitto-clients mosquitto-dev libmosquitto-dev   # broker plug-in, iotsql serve
  python3
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
