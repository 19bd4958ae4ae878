/**
 * nkeys curve keys ("xkeys") and their {@code xkv1} sealed-message format, as NATS and the wasmCloud secrets
 * protocol use them. The cryptography is Bouncy Castle's; see {@code docs/secrets.md}.
 */
package org.wasmcloud4j.secrets.xkey;
