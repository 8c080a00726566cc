// zlib plus static inline forwards for its init macros (raw deflate for RFC 7692, gzip for HTTP).
#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H
#include <zlib.h>

static inline int cshim_deflate_init2(z_stream *s, int level, int window_bits, int mem_level, int strategy) {
    return deflateInit2(s, level, Z_DEFLATED, window_bits, mem_level, strategy);
}
static inline int cshim_inflate_init2(z_stream *s, int window_bits) { return inflateInit2(s, window_bits); }
#endif
