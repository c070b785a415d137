/**
 * supervisord's remote surface as endpoints of Capstan's HTTP server: {@code POST /RPC2}
 * (XML-RPC, {@link dev.capstan.xmlrpc.XmlRpcEndpoint}) and a plain status page at {@code /}
 * ({@link dev.capstan.xmlrpc.StatusPage}); the log tails are in {@code dev.capstan.xmlrpc.tail}.
 * Every endpoint is at the operator tier.
 */
package dev.capstan.xmlrpc;
