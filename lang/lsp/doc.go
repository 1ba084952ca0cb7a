// Package lsp is the Specl language server: it speaks LSP over a byte stream on
// go.lsp.dev/jsonrpc2 and go.lsp.dev/protocol, keeps an immutable snapshot per
// document version, and turns snapshot queries (parse, names, types, findings) into
// protocol answers. Each feature lives in its own file as a thin handler over a
// snapshot. Only cmd/specls imports it.
package lsp
