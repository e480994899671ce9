#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/build/run.sh: kiln's build on clean clones of this commit (the
# working tree's changes included): every step in the memory report, a
# greedy step measured within 10% of what it takes, MEMBUDGET failing the
# build with its message, -j lowered when memory is short, the report
# against the build before, manifests, and two clean builds from different
# paths giving bit-identical images on both architectures, with and
# without LTO; the images made by make boot and serve the demo site.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$ROOT/build/tests-build
passed=0 failed=0

ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() {
	failed=$((failed + 1))
	echo "FAIL $1"
	[ -z "${2:-}" ] || sed 's/^/    /' "$2" | tail -n 20
}
check() { # name command...: ok when the command succeeds
	local name=$1
	shift
	if "$@" >"$OUT/check.log" 2>&1; then ok "$name"; else fail "$name" "$OUT/check.log"; fi
}

# A clean copy of the tree as it is now (committed or not), at PATH.
clone() { # path
	rm -rf "$1"
	git -C "$ROOT" ls-files -z --cached --others --exclude-standard |
		(cd "$ROOT" && xargs -0 tar -cf - --no-recursion) | (mkdir -p "$1" && tar -xf - -C "$1")
	# One commit time in both clones: the tree's files are clamped to it.
	git -C "$1" init -q && git -C "$1" add -A &&
		GIT_AUTHOR_DATE=@1700000000 GIT_COMMITTER_DATE=@1700000000 \
			git -C "$1" -c user.name=t -c user.email=t@t commit -qm t
}

steps_of() { # report: step names
	grep -v '^#' "$1" | cut -f1
}

rm -rf "$OUT"
mkdir -p "$OUT"
A=$OUT/a B=$OUT/clone-b-with-a-longer-path
clone "$A"
clone "$B"
touch -d '2030-01-01' "$B"/site/* # fresh checkouts differ in file times

# --- 1. a clean build, its summary and its report ------------------------
(cd "$A" && make -j2) >"$OUT/a-build.log" 2>&1
rc=$?
if [ "$rc" = 0 ]; then ok "clean build (make -j2) succeeds"; else fail "clean build (make -j2) succeeds (status $rc)" "$OUT/a-build.log"; fi
sum_line=$(grep -E '^build: [0-9]+ steps in [0-9.]+ s \(-j2\); largest: .+, [0-9.]+ MiB \((rusage|cgroup)\)' "$OUT/a-build.log")
if [ -n "$sum_line" ]; then ok "summary names the largest step, its peak and method: ${sum_line#build: }"; else fail "summary line" "$OUT/a-build.log"; fi
img=$A/build/x86_64/kiln-httpd
want="build: image $img: $(stat -c %s "$img" 2>/dev/null) bytes, sha256 $(sha256sum "$img" 2>/dev/null | cut -d' ' -f1)"
check "summary gives the image's size and SHA-256" grep -qxF "$want" "$OUT/a-build.log"

rep=$A/build/report/last.tsv
missing=
for o in $(cd "$A" && find build/x86_64 build/httpd/x86_64 build/host -type f \( -name '*.o' -o -name kiln-httpd -o -name 'kiln-elfcheck' -o -name kiln-step \)); do
	case "$o" in
	*.o) grep -qE "^(CC|AS|LD) $o	" "$rep" || missing="$missing $o" ;;
	*) grep -qE "^(LD|HOSTCC|OBJCOPY) $o	" "$rep" || missing="$missing $o" ;;
	esac
done
for s in "GEN build/x86_64/gen/sysnames.h" "PACK build/x86_64/kiln-httpd.cpio" \
	"OBJCOPY build/x86_64/kiln-httpd.rootfs.o" "LD build/x86_64/kiln-httpd.elf" \
	"MANIFEST build/x86_64/kiln-httpd.manifest"; do
	grep -qF "$s	" "$rep" || missing="$missing [$s]"
done
if [ -z "$missing" ]; then
	ok "report lists every step ($(steps_of "$rep" | wc -l) steps, each output file has its line)"
else
	fail "report lists every step; missing:$missing"
fi
check "every step has a method, a peak, a time and status 0" \
	awk -F'\t' '!/^#/ && !($2 ~ /^(rusage|cgroup)$/ && $3 > 0 && $4 >= 0 && $5 == 0) {bad = 1; print} END {exit bad}' "$rep"
check "last.summary is shell-readable and agrees with the report" bash -c "
	. '$A/build/report/last.summary' && [ \"\$steps\" = $(steps_of "$rep" | wc -l) ] &&
	[ \"\$largest_peak_kib\" = $(grep -v '^#' "$rep" | cut -f3 | sort -n | tail -n1) ] &&
	[ \"\$image0_sha256\" = $(sha256sum "$img" | cut -d' ' -f1) ]"

# --- 2. the manifest ---------------------------------------------------
man=$img.manifest
check "manifest beside the image: its SHA-256, toolchain, lwIP, inputs, step peaks" bash -c "
	grep -qx 'image_sha256: $(sha256sum "$img" | cut -d' ' -f1)' '$man' &&
	grep -qE '^cc: gcc .* \| gcc(-[0-9]+)? .* \| sha256 [0-9a-f]{64}$' '$man' &&
	grep -qE '^lwip: lwip-.* \| tree sha256 [0-9a-f]{64}$' '$man' &&
	grep -qE '^program: build/httpd/x86_64/kiln-httpd \| sha256 [0-9a-f]{64}$' '$man' &&
	grep -qE '^files: site \| tree sha256 [0-9a-f]{64}$' '$man' &&
	grep -qE '^CC build/x86_64/kernel/core/main.o	(rusage|cgroup)	[0-9]+	[0-9]+$' '$man'"

# --- 3. nothing to rebuild; a rebuild shows the build before -----------
(cd "$A" && make -j2) >"$OUT/a-again.log" 2>&1
check "an up-to-date tree says there is nothing to rebuild" grep -q '^build: nothing to rebuild' "$OUT/a-again.log"
touch "$A/kernel/core/main.c"
(cd "$A" && make -j2 && make build-report) >"$OUT/a-touch.log" 2>&1
check "after touching main.c: main.o, kernel.o and the image are rebuilt, nothing else" bash -c "
	[ \"\$(grep -v '^#' '$rep' | cut -f1 | grep -E '^(CC|AS) ' | tr '\n' ,)\" = 'CC build/x86_64/kernel/core/main.o,' ]"
check "make build-report puts the build before beside each step" \
	grep -qE '^ +[0-9.]+ +[0-9.]+ +[-+][0-9.]+ \([-+][0-9]+%\) +[0-9]+  CC build/x86_64/kernel/core/main.o$' "$OUT/a-touch.log"

# --- 4. a greedy step, measured; MEMBUDGET below it fails the build -----
cc -O1 -o "$OUT/greedy" "$ROOT/tests/build/greedy.c"
(cd "$A" && make kernel TEST_STEP="$OUT/greedy 96") >"$OUT/greedy.log" 2>&1
peak=$(grep -F "TEST $OUT/greedy 96	" "$rep" | cut -f3)
if [ -n "$peak" ] && awk -v p="$peak" 'BEGIN {r = p / (96 * 1024); exit !(r > 0.9 && r < 1.1)}'; then
	ok "a step taking 96 MiB is reported at $(awk -v p="$peak" 'BEGIN {printf "%.1f", p / 1024}') MiB (within 10%)"
else
	fail "greedy step within 10% of 96 MiB (reported: ${peak:-nothing} KiB)" "$OUT/greedy.log"
fi
(cd "$A" && MEMBUDGET=64M make kernel TEST_STEP="$OUT/greedy 96") >"$OUT/budget.log" 2>&1
rc=$?
if [ "$rc" != 0 ] && grep -qE "^kiln: build step 'TEST $OUT/greedy 96' peaked at 9[0-9.]+ MiB \((rusage|cgroup)\), over MEMBUDGET=64M \(64.0 MiB\)" "$OUT/budget.log"; then
	ok "MEMBUDGET=64M fails the build at the 96 MiB step, naming step, peak and budget"
else
	fail "MEMBUDGET=64M fails the build with the documented message (status $rc)" "$OUT/budget.log"
fi
(cd "$A" && MEMBUDGET=128M make kernel TEST_STEP="$OUT/greedy 96") >"$OUT/budget-ok.log" 2>&1
check "MEMBUDGET=128M lets the same build through" test $? = 0
(cd "$A" && MEMBUDGET=lots make kernel) >"$OUT/budget-bad.log" 2>&1
rc=$?
if [ "$rc" = 2 ] && grep -q "MEMBUDGET='lots' is not a size" "$OUT/budget-bad.log"; then
	ok "MEMBUDGET=lots is refused with a clear message"
else
	fail "malformed MEMBUDGET (status $rc)" "$OUT/budget-bad.log"
fi

# --- 5. -j lowered when the memory available cannot hold the jobs -------
rm -rf "$A/build/x86_64"
(cd "$A" && KILN_MEM_AVAILABLE=100M MEMBUDGET=48M make -j4 kernel) >"$OUT/jobs.log" 2>&1
check "-j4 with 100 MiB available and 48 MiB steps builds with -j2, and says so" \
	grep -qE '^build: -j4 asked, but the 100.0 MiB available holds 2 step\(s\) of 48.0 MiB \(MEMBUDGET=48M\): building with -j2$' "$OUT/jobs.log"
# At most two steps overlapped: from each step's start and duration.
overlap=$(grep -v '^#' "$rep" | awk -F'\t' '{print $6, 1; print $6 + $4, -1}' |
	sort -k1,1n -k2,2n | awk '{n += $2; if (n > m) m = n} END {print m + 0}')
if [ "$overlap" -le 2 ] && grep -q 'steps in .* (-j2)' "$OUT/jobs.log"; then
	ok "the lowered build ran at most $overlap steps at once"
else
	fail "lowered build ran $overlap steps at once" "$OUT/jobs.log"
fi
rm -rf "$A/build/x86_64"
(cd "$A" && make -j2 kernel) >"$OUT/jobs-ok.log" 2>&1
check "with memory to spare, -j2 stays -j2" bash -c "! grep -q 'asked, but' '$OUT/jobs-ok.log' && grep -q '(-j2)' '$OUT/jobs-ok.log'"

# --- 6. reproducible: clean builds in two places give the same bytes ----
(cd "$A" && rm -rf build && make -j2 && make -j2 ARCH=arm64 &&
	make -j2 LTO=1 && make -j2 LTO=1 ARCH=arm64) >"$OUT/a-all.log" 2>&1 ||
	fail "clean builds in $A" "$OUT/a-all.log"
grep -E '^build: [0-9]+ steps' "$OUT/a-all.log" | sed 's/^/    /'
(cd "$B" && make -j2 && make -j2 ARCH=arm64 &&
	make -j2 LTO=1 && make -j2 LTO=1 ARCH=arm64) >"$OUT/b-all.log" 2>&1 ||
	fail "clean builds in $B" "$OUT/b-all.log"
for d in x86_64 arm64 x86_64-lto arm64-lto; do
	ha=$(sha256sum "$A/build/$d/kiln-httpd" 2>/dev/null | cut -d' ' -f1)
	hb=$(sha256sum "$B/build/$d/kiln-httpd" 2>/dev/null | cut -d' ' -f1)
	if [ -n "$ha" ] && [ "$ha" = "$hb" ]; then
		ok "build/$d/kiln-httpd is bit-identical from two clean trees (sha256 ${ha:0:16}...)"
	else
		fail "build/$d/kiln-httpd differs between two clean trees (${ha:-none} vs ${hb:-none})"
	fi
done
check "the LTO report shows the whole-program link's peak" \
	grep -qE '^LD build/x86_64-lto/kernel.o	(rusage|cgroup)	[0-9]+' "$B/build/report/steps.tsv"

# --- 7. the images make built boot and serve the demo site --------------
port=18180
for d in x86_64 arm64-lto; do
	port=$((port + 1))
	"$A/kiln" boot -q --accel tcg --timeout 120 -p "$port:80" "$A/build/$d/kiln-httpd" \
		-- --root / --port 80 >"$OUT/boot-$d.log" 2>&1 &
	pid=$!
	got=1
	for _ in $(seq 300); do
		if curl -fsS -o "$OUT/index-$d.html" "http://127.0.0.1:$port/" 2>/dev/null; then
			got=0
			break
		fi
		sleep 0.2
	done
	if [ "$got" = 0 ] && cmp -s "$OUT/index-$d.html" "$A/site/index.html"; then
		ok "kiln boot build/$d/kiln-httpd serves site/index.html byte for byte"
	else
		fail "kiln boot build/$d/kiln-httpd serves the site" "$OUT/boot-$d.log"
	fi
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
done
head -c 4096 /dev/urandom >"$OUT/not-an-image"
"$A/kiln" boot "$OUT/not-an-image" >"$OUT/boot-bad.log" 2>&1
rc=$?
if [ "$rc" = 126 ] && grep -q 'is not a kiln boot image' "$OUT/boot-bad.log"; then
	ok "kiln boot refuses a file that is no image (status 126)"
else
	fail "kiln boot on a bad file (status $rc)" "$OUT/boot-bad.log"
fi

printf '%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" = 0 ]
