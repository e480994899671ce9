#!/bin/sh
# SPDX-License-Identifier: MIT
# gen-sysnames.sh: turn a musl bits/syscall.h into kiln's syscall number
# macros (NR_name) and a number-to-name table for the target architecture.
set -eu
hdr=$1
echo "/* Generated from $(basename "$(dirname "$(dirname "$hdr")")")/bits/syscall.h; do not edit. */"
echo "#ifndef KILN_GEN_SYSNAMES_H"
echo "#define KILN_GEN_SYSNAMES_H"
sed -n 's/^#define __NR_\([a-z0-9_]*\)[ \t]*\([0-9][0-9]*\).*/#define NR_\1 \2/p' "$hdr"
echo "#define SYSNAMES_INIT { \\"
sed -n 's/^#define __NR_\([a-z0-9_]*\)[ \t]*\([0-9][0-9]*\).*/\t[\2] = "\1", \\/p' "$hdr"
echo "}"
echo "#endif"
