/**
 * supervisord 4.2.5's XML-RPC interface on Capstan's services ({@code Supervisor},
 * {@code ServiceLogs}, {@code ConfigFileService}, the launcher's {@code Container}): every method
 * of its {@code supervisor} and {@code system} namespaces, with its struct keys, state codes,
 * fault codes and fault strings. {@link dev.capstan.xmlrpc.rpc.RpcInterface} is the entry; it knows
 * nothing of HTTP or XML. docs/xmlrpc.md lists where Capstan answers differently, and why.
 */
package dev.capstan.xmlrpc.rpc;
