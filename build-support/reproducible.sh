#!/usr/bin/env bash
# Proves the release jars are reproducible: two clean builds of the deployable modules (fastclock-api,
# fastclock-linux-x64, fastclock-integrations: main, sources and Javadoc jars), each in a fresh copy of the
# tree at a different path, must give byte-identical jars. Run through `./fastclock reproducible` (which
# finds the JDK); CI runs it. About a minute; tests are skipped (./fastclock test runs them).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/fastclock-reproducible.XXXXXX")
trap 'rm -rf "$work"' EXIT
modules=fastclock-api,fastclock-linux-x64,fastclock-integrations

for n in 1 2; do
  mkdir -p "$work/build-$n"
  # the working tree as it is (uncommitted changes included), without build output or git metadata
  tar -C "$root" --exclude=./.git --exclude='*/target' --exclude=./target -cf - . | tar -C "$work/build-$n" -xf -
  echo "reproducible: build $n in $work/build-$n" >&2
  (cd "$work/build-$n" && ./mvnw -B -q -DskipTests -Dinvoker.skip=true -pl "$modules" package)
done

status=0
count=0
for jar in $(cd "$work/build-1" && ls fastclock-*/target/*.jar); do
  count=$((count + 1))
  if cmp -s "$work/build-1/$jar" "$work/build-2/$jar"; then
    echo "reproducible: $jar identical ($(sha256sum < "$work/build-1/$jar" | cut -c1-16))"
  else
    status=1
    echo "reproducible: $jar DIFFERS between two clean builds; entries that differ (size, CRC, name):" >&2
    diff <(unzip -v "$work/build-1/$jar" | awk 'NR>3 {print $1, $7, $8}') \
         <(unzip -v "$work/build-2/$jar" | awk 'NR>3 {print $1, $7, $8}') >&2 || true
  fi
done
[ -f "$work/build-2/fastclock-api/target/fastclock-api-$(grep -m1 -o '<version>[^<]*</version>' "$root/pom.xml" | sed 's:</\{0,1\}version>::g')-javadoc.jar" ] \
  || { echo "reproducible: the Javadoc jars were not built" >&2; exit 1; }
[ "$count" -ge 9 ] || { echo "reproducible: expected 9 jars (3 modules x main, sources, javadoc), found $count" >&2; exit 1; }
if [ "$status" = 0 ]; then
  echo "reproducible: all $count jars of two clean builds are byte-identical"
fi
exit "$status"
