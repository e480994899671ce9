build/x86_64/kernel/core/fmt.o: kernel/core/fmt.c \
 kernel/include/kiln/fmt.h
kernel/include/kiln/fmt.h:
