/* sha256.h - SHA-256 (FIPS 180-4), computed here rather than by libcrypto.
 *
 * Why not OpenSSL's EVP: its first digest of a process loads the OpenSSL configuration, the
 * default provider and the engine table, about 5 M instructions, to hash a 17 KB answers file
 * whose bytes take under 1 M (issue 23). The digest is the same; tests/unit/test_io.c checks it
 * against FIPS 180-4's examples and block-boundary lengths. */
#ifndef ASX_SHA256_H
#define ASX_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t h[8];
    uint64_t len;          /* bytes hashed so far */
    unsigned char blk[64]; /* a partial block */
    size_t nblk;
} asx_sha256;

void asx_sha256_init(asx_sha256 *s);
void asx_sha256_update(asx_sha256 *s, const void *data, size_t len);
/* The 32-byte digest into md; s must be initialised again before further use. */
void asx_sha256_final(asx_sha256 *s, unsigned char md[32]);
/* The digest of s as 64 lowercase hex characters and a NUL into hex[65]. */
void asx_sha256_hex(asx_sha256 *s, char hex[65]);

#endif
