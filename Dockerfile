# SPDX-License-Identifier: MIT
# Builds kiln's kernels and the kiln-httpd images (site/ as their root file
# system) for x86_64 and arm64 inside Debian 12.
#   docker build -t kiln .                             build
#   docker build --output type=local,dest=out .        export the artifacts
# out/ARCH/ gets kernel.o, kiln-httpd.img (boot with QEMU -kernel),
# kiln-httpd.img.elf (symbols for gdb) and any manifest the build writes
# beside the image; out/report/ the build's report when it writes one.
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
RUN make -j"$(nproc)" httpd \
	&& for a in x86_64 arm64; do \
		make -j"$(nproc)" ARCH=$a image APP=build/httpd/$a/kiln-httpd \
			FILES=site IMAGE=build/images/$a/kiln-httpd.img || exit 1; \
	done

# Everything worth exporting, in one folder.
RUN for a in x86_64 arm64; do \
		mkdir -p /out/$a \
		&& cp -a build/images/$a/. /out/$a/ \
		&& cp build/$a/kernel.o /out/$a/ || exit 1; \
	done \
	&& if [ -d build/report ]; then cp -a build/report /out/; fi

# The last stage holds only the artifacts: --output exports exactly them.
FROM scratch
COPY --from=build /out/ /
