/* sha256.c - SHA-256 as FIPS 180-4 §6.2 describes it (see asx/sha256.h for why it is here). */
#include "asx/sha256.h"
#include <string.h>

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

#define S0(x) (ror(x, 2) ^ ror(x, 13) ^ ror(x, 22))
#define S1(x) (ror(x, 6) ^ ror(x, 11) ^ ror(x, 25))
#define CH(x, y, z) (((x) & (y)) ^ (~(x) & (z)))
#define MAJ(x, y, z) (((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z)))
/* Round t of §6.2.2 step 3 with the eight working variables named by their role this round:
 * instead of moving all eight every round, the names rotate through eight written-out rounds. */
#define ROUND(a, b, c, d, e, f, g, h, t)                                                         \
    do {                                                                                         \
        uint32_t t1 = (h) + S1(e) + CH(e, f, g) + K[t] + w[t];                                   \
        (d) += t1;                                                                               \
        (h) = t1 + S0(a) + MAJ(a, b, c);                                                         \
    } while (0)

/* One 64-byte block into the state (§6.2.2). */
static void compress(uint32_t st[8], const unsigned char *p)
{
    uint32_t w[64];
    for (int t = 0; t < 16; t++)
        w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
               (uint32_t)p[4 * t + 2] << 8 | (uint32_t)p[4 * t + 3];
    for (int t = 16; t < 64; t++) {
        uint32_t s0 = ror(w[t - 15], 7) ^ ror(w[t - 15], 18) ^ (w[t - 15] >> 3);
        uint32_t s1 = ror(w[t - 2], 17) ^ ror(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    uint32_t a = st[0], b = st[1], c = st[2], d = st[3], e = st[4], f = st[5], g = st[6], h = st[7];
    for (int t = 0; t < 64; t += 8) {
        ROUND(a, b, c, d, e, f, g, h, t);
        ROUND(h, a, b, c, d, e, f, g, t + 1);
        ROUND(g, h, a, b, c, d, e, f, t + 2);
        ROUND(f, g, h, a, b, c, d, e, t + 3);
        ROUND(e, f, g, h, a, b, c, d, t + 4);
        ROUND(d, e, f, g, h, a, b, c, t + 5);
        ROUND(c, d, e, f, g, h, a, b, t + 6);
        ROUND(b, c, d, e, f, g, h, a, t + 7);
    }
    st[0] += a;
    st[1] += b;
    st[2] += c;
    st[3] += d;
    st[4] += e;
    st[5] += f;
    st[6] += g;
    st[7] += h;
}

void asx_sha256_init(asx_sha256 *s)
{
    static const uint32_t H0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, H0, sizeof H0);
    s->len = 0;
    s->nblk = 0;
}

void asx_sha256_update(asx_sha256 *s, const void *data, size_t len)
{
    const unsigned char *p = data;
    s->len += len;
    if (s->nblk > 0) {
        size_t take = 64 - s->nblk < len ? 64 - s->nblk : len;
        memcpy(s->blk + s->nblk, p, take);
        s->nblk += take;
        p += take;
        len -= take;
        if (s->nblk < 64)
            return;
        compress(s->h, s->blk);
        s->nblk = 0;
    }
    for (; len >= 64; p += 64, len -= 64)
        compress(s->h, p);
    memcpy(s->blk, p, len);
    s->nblk = len;
}

void asx_sha256_final(asx_sha256 *s, unsigned char md[32])
{
    /* the padding of §5.1.1: a 1 bit, zeros, and the length in bits in the last 8 bytes */
    uint64_t bits = s->len * 8;
    s->blk[s->nblk++] = 0x80;
    if (s->nblk > 56) {
        memset(s->blk + s->nblk, 0, 64 - s->nblk);
        compress(s->h, s->blk);
        s->nblk = 0;
    }
    memset(s->blk + s->nblk, 0, 56 - s->nblk);
    for (int i = 0; i < 8; i++)
        s->blk[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
    compress(s->h, s->blk);
    for (int i = 0; i < 8; i++) {
        md[4 * i] = (unsigned char)(s->h[i] >> 24);
        md[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
        md[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
        md[4 * i + 3] = (unsigned char)s->h[i];
    }
}

void asx_sha256_hex(asx_sha256 *s, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char md[32];
    asx_sha256_final(s, md);
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[64] = '\0';
}
