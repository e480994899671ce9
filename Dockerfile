# SPDX-License-Identifier: MIT
# Builds kiln for x86_64 and arm64 inside Debian 12: each kernel, kiln-httpd,
# and its image with site/ as the root file system (make's default build).
#   docker build -t kiln .                          build
#   docker build --output type=local,dest=out .     export the artifacts
# out/ARCH/ gets kiln-httpd (the boot image: kiln boot, or QEMU -kernel),
# kiln-httpd.elf (symbols for gdb), kiln-httpd.manifest, kernel.o and
# report/ (each step's peak memory and time). With
# --build-arg SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) the images are
# the bytes `make` gives in a checkout of that commit (the context has no
# .git for make to read the commit's time from).
# tests/container/run.sh builds this file without a daemon (buildah).

FROM debian:12 AS build
ARG DEBIAN_FRONTEND=noninteractive
WORKDIR /src

# Packages and lwIP's source first: this layer changes only with the two
# scripts, not with kiln's sources.
COPY tools/deps.sh tools/fetch-lwip.sh tools/
RUN sh tools/deps.sh --build \
	&& sh tools/fetch-lwip.sh \
	&& rm -rf /var/lib/apt/lists/*

COPY . .
ARG SOURCE_DATE_EPOCH
# One architecture at a time: build/report/ describes the build just made.
RUN for a in x86_64 arm64; do \
		make -j"$(nproc)" ARCH=$a \
		&& mkdir -p /out/$a \
		&& find build/$a -maxdepth 1 -type f -exec cp -p -t /out/$a/ {} + \
		&& cp -a build/report /out/$a/ && rm -f /out/$a/report/.lock \
		|| exit 1; \
	done

# The last stage holds only the artifacts: --output exports exactly them.
FROM scratch
COPY --from=build /out/ /
