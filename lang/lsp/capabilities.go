package lsp

import "go.lsp.dev/protocol"

// capabilities lists what the server answers. Diagnostics are offered for pulling
// only to clients that pull; the others get them pushed.
func (s *server) capabilities(enc protocol.PositionEncodingKind, pull bool) protocol.ServerCapabilities {
	incremental := protocol.TextDocumentSyncKindIncremental
	openClose, yes := true, true
	c := protocol.ServerCapabilities{
		PositionEncoding: enc,
		TextDocumentSync: &protocol.TextDocumentSyncOptions{
			OpenClose: &openClose,
			Change:    &incremental,
			Save:      protocol.Boolean(true),
		},
		HoverProvider:              protocol.Boolean(true),
		DefinitionProvider:         protocol.Boolean(true),
		ReferencesProvider:         protocol.Boolean(true),
		RenameProvider:             &protocol.RenameOptions{PrepareProvider: &yes},
		DocumentSymbolProvider:     protocol.Boolean(true),
		WorkspaceSymbolProvider:    protocol.Boolean(true),
		CodeActionProvider:         &protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix, protocol.CodeActionKindRefactorRewrite}},
		FoldingRangeProvider:       protocol.Boolean(true),
		InlayHintProvider:          protocol.Boolean(true),
		CompletionProvider:         &protocol.CompletionOptions{TriggerCharacters: []string{"."}},
		SignatureHelpProvider:      &protocol.SignatureHelpOptions{TriggerCharacters: []string{"(", ","}},
		CodeLensProvider:           &protocol.CodeLensOptions{},
		DocumentFormattingProvider: protocol.Boolean(true),
		SemanticTokensProvider:     &protocol.SemanticTokensOptions{Legend: semanticLegend(), Full: protocol.Boolean(true)},
		ExecuteCommandProvider:     protocol.ExecuteCommandOptions{Commands: []string{showRunCommand, showSurvivorsCommand, randomRunsCommand}},
	}
	if pull {
		c.DiagnosticProvider = &protocol.DiagnosticOptions{}
	}
	return c
}
