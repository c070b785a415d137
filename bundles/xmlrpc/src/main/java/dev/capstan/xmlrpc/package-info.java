/**
 * supervisord's remote surface as endpoints of Capstan's HTTP server: {@code POST /RPC2}
 * (XML-RPC, {@link dev.capstan.xmlrpc.XmlRpcEndpoint}); the log tails are in
 * {@code dev.capstan.xmlrpc.tail}. Every endpoint is at the operator tier. The page at {@code /},
 * where supervisord serves its web UI, is the web bundle's.
 */
package dev.capstan.xmlrpc;
