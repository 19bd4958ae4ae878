/**
 * Runtime configuration the way wasmCloud names it: the {@link org.wasmcloud4j.config.ConfigProvider} SPI of
 * named string maps with change notification, providers over memory, properties files and environment
 * variables, and {@link org.wasmcloud4j.config.ConfigBundle}, the live left-to-right merge of a component's
 * config names. See {@code docs/secrets.md}.
 */
package org.wasmcloud4j.config;
