#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run-all.sh: every kiln test: both kernels build, lint, host unit tests
# (cmocka), guest and file system tests against Linux, network tests with
# host clients, the Dockerfile built with buildah (tests/container). Ends
# with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
logdir=build/test-logs
mkdir -p "$logdir"

record() { # name status
	if [ "$2" = 0 ]; then
		passed=$((passed + 1))
		echo "ok   $1"
	else
		failed=$((failed + 1))
		echo "FAIL $1 (log: $logdir/$1.log)"
		sed 's/^/    /' "$logdir/$1.log" | tail -n 30
	fi
}

step() { # name command...
	local name=$1
	shift
	"$@" >"$logdir/$name.log" 2>&1
	record "$name" $?
}

step fetch-lwip sh tests/fetch-lwip.sh
step build-x86_64 make ARCH=x86_64 kernel host-tools
step build-arm64 make ARCH=arm64 kernel
step lint-x86_64 make ARCH=x86_64 lint
step lint-arm64 make ARCH=arm64 lint

# cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)".
cmocka() { # name command...
	local name=$1 rc up uf
	shift
	"$@" >"$logdir/$name.log" 2>&1
	rc=$?
	up=$(grep -aoE '\[  PASSED  \] [0-9]+' "$logdir/$name.log" | awk '{s += $4} END {print s + 0}')
	uf=$(grep -aoE '\[  FAILED  \] [0-9]+' "$logdir/$name.log" | awk '{s += $4} END {print s + 0}')
	echo "$name: $up passed, $uf failed"
	passed=$((passed + up))
	failed=$((failed + uf))
	if [ "$rc" != 0 ] && [ "$uf" = 0 ]; then
		echo "FAIL $name tests did not build or run:"
		tail -n 30 "$logdir/$name.log" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
}

cmocka unit make -s -C tests/unit run
cmocka httpd-unit make -s httpd-unit

# A harness that prints its own "N passed, N failed" line last: a script,
# or any command.
suite() { # name script|command...
	local name=$1 sum
	shift
	case "$1" in
	*.sh) bash "$@" ;;
	*) "$@" ;;
	esac 2>&1 | tee "$logdir/$name.log"
	set -- "$name"
	# "N passed, N failed", perhaps after one word and a colon.
	sum=$(grep -aE '^([A-Za-z0-9_-]+: )?[0-9]+ passed, [0-9]+ failed' "$logdir/$1.log" | tail -n 1)
	sum=${sum#*: }
	if [ -z "$sum" ]; then
		echo "FAIL $1 tests ended without a summary"
		failed=$((failed + 1))
		return
	fi
	passed=$((passed + $(echo "$sum" | awk '{print $1}')))
	failed=$((failed + $(echo "$sum" | awk '{print $3}')))
}

suite build tests/build/run.sh
suite container tests/container/run.sh
suite guest tests/guest/run.sh
suite fs tests/fs/run.sh
suite net tests/net/run.sh
suite httpd-native make -s httpd-conformance
suite httpd tests/httpd/kiln.sh

echo "all: $passed passed, $failed failed"
[ "$failed" = 0 ]
