/**
 * HTTP/1.1 on the wire, shared by the server and the client: a buffered reader of lines, header
 * blocks and bodies (Content-Length and chunked) with limits, and the chunked writer. Private to
 * the bundle.
 */
package dev.capstan.http.wire;
