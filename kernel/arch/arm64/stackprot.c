// SPDX-License-Identifier: MIT
// stackprot.c: the stack-protector symbols Debian's libfdt.a is built
// against. kiln's own code is built without the protector.

#include <kiln/log.h>
#include <stdint.h>

uintptr_t __stack_chk_guard = 0x6b696c6e2d677561ul;

__attribute__((noreturn)) void __stack_chk_fail(void)
{
	panic("stack smashing detected in libfdt");
}
