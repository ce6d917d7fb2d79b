/* Long-double arithmetic for INCRBYFLOAT and HINCRBYFLOAT.
 *
 * Redis does this arithmetic in C `long double` (80-bit x87 on x86-64) and prints the result with
 * "%.17Lf" and trailing zeros trimmed, so 0.1 + 0.2 replies "0.3". Rust has no long double, so
 * this tiny shim computes it the same way to give byte-identical replies. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STRATA_LD_MAX_CHARS 5120

/* Strict parse: no leading space, the whole buffer consumed, no NaN, no out-of-range. */
static int parse_ld(const char *s, size_t n, long double *out) {
    char buf[STRATA_LD_MAX_CHARS + 1];
    if (n == 0 || n > STRATA_LD_MAX_CHARS) return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (isspace((unsigned char)buf[0])) return 0;
    char *end;
    errno = 0;
    long double v = strtold(buf, &end);
    /* Every byte parsed: an embedded NUL would otherwise end the number early. */
    if (end != buf + n || isnan(v)) return 0;
    if (errno == ERANGE && (v == HUGE_VALL || v == -HUGE_VALL || fpclassify(v) == FP_ZERO)) return 0;
    *out = v;
    return 1;
}

/* Returns 0 and writes the sum's text to out (NUL-free, length in *outlen) on success;
 * 1 if either input is not a valid float; 2 if the sum is NaN or infinite; 3 if out is too small. */
int strata_ld_add(const char *a, size_t alen, const char *b, size_t blen, char *out, size_t cap, size_t *outlen) {
    long double x, y;
    if (!parse_ld(a, alen, &x) || !parse_ld(b, blen, &y)) return 1;
    long double sum = x + y;
    if (isnan(sum) || isinf(sum)) return 2;
    int l = snprintf(out, cap, "%.17Lf", sum);
    if (l < 0 || (size_t)l + 1 > cap) return 3;
    if (strchr(out, '.') != NULL) {
        while (l > 0 && out[l - 1] == '0') l--;
        if (l > 0 && out[l - 1] == '.') l--;
    }
    if (l == 2 && out[0] == '-' && out[1] == '0') {
        out[0] = '0';
        l = 1;
    }
    *outlen = (size_t)l;
    return 0;
}
