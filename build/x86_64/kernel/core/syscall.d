build/x86_64/kernel/core/syscall.o: kernel/core/syscall.c \
 kernel/include/kiln/arch.h kernel/include/kiln/errno.h \
 kernel/include/kiln/fmt.h kernel/include/kiln/log.h \
 kernel/include/kiln/mm.h kernel/include/kiln/boot.h \
 kernel/include/kiln/process.h kernel/include/kiln/random.h \
 kernel/include/kiln/time.h kernel/include/kiln/uvm.h \
 kernel/include/libc/string.h build/x86_64/gen/sysnames.h
kernel/include/kiln/arch.h:
kernel/include/kiln/errno.h:
kernel/include/kiln/fmt.h:
kernel/include/kiln/log.h:
kernel/include/kiln/mm.h:
kernel/include/kiln/boot.h:
kernel/include/kiln/process.h:
kernel/include/kiln/random.h:
kernel/include/kiln/time.h:
kernel/include/kiln/uvm.h:
kernel/include/libc/string.h:
build/x86_64/gen/sysnames.h:
