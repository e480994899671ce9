// SPDX-License-Identifier: MIT
// float.c: floating point and SIMD registers work, and printf formats them.

#include <math.h>
#include <stdio.h>

static volatile double two = 2.0, third = 1.0 / 3.0;

int main(void)
{
	double v[8], sum = 0;

	for (int i = 0; i < 8; i++)
		v[i] = (i + 1) * third; /* may be vectorised */
	for (int i = 0; i < 8; i++)
		sum += v[i];
	printf("sqrt(2) = %.12f\n", sqrt(two));
	printf("sum = %.9f\n", sum);
	printf("exp(1) = %.10g\n", exp(1.0));
	printf("float %.3f %e %a\n", (float)third, third * 1e-300, 0.5);
	return fabs(sum - 12.0) < 1e-12 ? 0 : 1;
}
