# SPDX-License-Identifier: MIT
# bench.mk: make bench runs tools/bench/bench.sh: kiln-httpd on kiln beside
# the same binary in a minimal Linux guest and natively (boot, size, memory,
# HTTP, build); prints a table and writes docs/benchmarks.md with plots.
# BENCH_ARGS passes options (e.g. --only boot,http); see its --help.

.PHONY: bench

bench: deps
	$(Q)bash tools/bench/bench.sh $(BENCH_ARGS)
