/**
 * Secrets for components: values, references and (in later releases) the providers that resolve them.
 */
package org.wasmcloud4j.secrets;
