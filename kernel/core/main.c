// SPDX-License-Identifier: MIT
// main.c: kmain, the portable half of boot. Ports arrive here with the
// console working and the boot information gathered.

#define LOG_COMP "boot"
#include <kiln/arch.h>
#include <kiln/boot.h>
#include <kiln/cmdline.h>
#include <kiln/file.h>
#include <kiln/fmt.h>
#include <kiln/log.h>
#include <kiln/mm.h>
#include <kiln/net.h>
#include <kiln/virtio.h>
#include <kiln/process.h>
#include <kiln/random.h>
#include <kiln/time.h>
#include <kiln/uvm.h>
#include <kiln/vfs.h>
#include <kiln/errno.h>
#include <string.h>

#define CMDLINE_COPY 16384

static char cmdline_buf[CMDLINE_COPY];
static char exe_path[4096];
static struct cmdline cmd;
static char *envp[CMDLINE_MAX_OPTS + 1];
static char *default_argv[] = { "app", NULL };

void boot_add_ram(struct boot_info *bi, uint64_t base, uint64_t size)
{
	if (bi->nram < BOOT_MAX_RANGES && size)
		bi->ram[bi->nram++] = (struct phys_range){ base, size };
}

void boot_reserve(struct boot_info *bi, uint64_t base, uint64_t size)
{
	if (bi->nreserved == BOOT_MAX_RANGES)
		panic("too many reserved memory ranges");
	if (size)
		bi->reserved[bi->nreserved++] =
			(struct phys_range){ base, size };
}

/* Ends the run before the program starts, saying why. */
__attribute__((noreturn, format(printf, 2, 3))) static void
stop(int status, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_err("%s", msg);
	log_exit_status(status);
	arch_poweroff();
}

static void apply_options(void)
{
	const char *v = cmdline_get(&cmd, "loglevel", 0);

	if (v) {
		int l = log_level_parse(v);

		if (l < 0)
			log_warn(
				"loglevel=%s unknown; use error, warn, info or "
				"debug",
				v);
		else
			log_threshold = (enum log_level)l;
	}
}

static void collect_virtio(struct boot_info *bi)
{
	const char *v;

	for (int i = 0; (v = cmdline_get(&cmd, "virtio_mmio.device", i)); i++) {
		struct mmio_slot s;

		if (cmdline_virtio_mmio(v, &s.base, &s.size, &s.irq)) {
			log_warn("virtio_mmio.device=%s: expected "
				 "SIZE@BASE:IRQ; ignored",
				 v);
			continue;
		}
		if (bi->nvirtio < BOOT_MAX_VIRTIO)
			bi->virtio[bi->nvirtio++] = s;
	}
}

/* Mounts the root archive, from the image or else from the boot loader,
 * and finds the program in it: exe=PATH, by default /bin/ARGV0. */
static void mount_root(struct boot_info *bi, struct program *prog)
{
	const void *archive = __rootfs_start;
	size_t size = (size_t)(__rootfs_end - __rootfs_start);
	const char *exe = cmdline_get(&cmd, "exe", 0), *why;
	size_t files, dirs, bytes;
	struct inode *ino;
	int r;

	if (size == 0 && bi->initrd_size) {
		archive = phys_to_virt(bi->initrd_base);
		size = bi->initrd_size;
		uvm_share_range(bi->initrd_base, bi->initrd_size);
	}
	if (size == 0)
		stop(126, "no root archive in the image or from the boot "
			  "loader; build images with kiln run or make image");
	if (!exe) {
		ksnprintf(exe_path, sizeof(exe_path), "/bin/%s", prog->argv[0]);
		exe = exe_path;
	}
	if (rootfs_mount(archive, size, exe, &why))
		stop(126, "root file system: %s", why);
	rootfs_stats(&files, &dirs, &bytes);
	log_info("root: %lu files, %lu directories, %lu KiB%s", files, dirs,
		 bytes / 1024, archive == __rootfs_start ? "" : " (initrd)");

	r = vfs_lookup(exe, &ino);
	if (r)
		stop(126, "%s: %s in the root file system", exe,
		     r == -ENOENT ? "not found" : "cannot be looked up");
	prog->file = inode_data(ino, &prog->size);
	if (!prog->file)
		stop(126, "%s is not a regular file", exe);
	prog->path = exe;
}

static int collect_env(void)
{
	int n = 0;
	const char *e;

	while ((e = cmdline_get(&cmd, "env", n)) != NULL)
		envp[n++] = (char *)e;
	envp[n] = NULL;
	return n;
}

static uint64_t ram_total(struct boot_info *bi)
{
	uint64_t t = 0;

	for (int i = 0; i < bi->nram; i++)
		t += bi->ram[i].size;
	return t;
}

void kmain(struct boot_info *bi)
{
	struct program prog;
	int envc;

	time_init();
	if (bi->cmdline) {
		size_t n = strnlen(bi->cmdline, CMDLINE_COPY - 1);

		memcpy(cmdline_buf, bi->cmdline, n);
	}
	if (cmdline_parse(cmdline_buf, &cmd))
		log_err("kernel command line: %s; ignoring the rest",
			cmd.error);
	apply_options();

	log_info("kiln %s (%s) on %s", KILN_VERSION, arch_uname_machine(),
		 bi->platform);
	log_debug("command line: %s", bi->cmdline ? bi->cmdline : "");
	for (int i = 0; i < bi->nram; i++)
		log_debug("RAM %#012lx-%#012lx", (unsigned long)bi->ram[i].base,
			  (unsigned long)(bi->ram[i].base + bi->ram[i].size));

	page_init(bi);
	vm_init(bi);
	log_info("memory: %lu MiB RAM, %lu KiB free, kernel %lu KiB",
		 (unsigned long)(ram_total(bi) >> 20),
		 (unsigned long)(page_free_count() * PAGE_SIZE / 1024),
		 (unsigned long)(__kernel_end - __kernel_start) / 1024);

	arch_devices_init();
	log_info("clock: %s at %lu.%03lu MHz", arch_clock_name(),
		 (unsigned long)(arch_counter_hz() / 1000000),
		 (unsigned long)(arch_counter_hz() / 1000 % 1000));
	random_init();
	collect_virtio(bi);
	virtio_probe(bi);
	net_init(&cmd);
	memstat_init(&cmd);

	fd_init();
	envc = collect_env();
	prog.argc = cmd.argc ? cmd.argc : 1;
	prog.argv = cmd.argc ? cmd.argv : default_argv;
	prog.envc = envc;
	prog.envp = envp;
	mount_root(bi, &prog);
	program_start(&prog);
}
