package lsp

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
)

// SignatureHelp answers the signature of the pred, fun or action whose argument list
// the cursor is in (a call, or `do A(`), with the argument under the cursor active.
func (s *server) SignatureHelp(ctx context.Context, p *protocol.SignatureHelpParams) (*protocol.SignatureHelp, error) {
	snap, err := s.snapshot(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	c := snap.cursorAt(snap.offset(p.Position))
	if c.inText {
		return nil, nil
	}
	for k := len(c.parens) - 1; k >= 0; k-- {
		open := c.parens[k]
		if open == 0 || c.toks[open-1].Kind != parser.Ident {
			continue
		}
		sym := snap.callee(c.toks[open-1].Text)
		if sym == nil {
			continue
		}
		// The active argument: the commas at this list's own depth.
		active, depth := 0, 0
		for i := open + 1; i <= c.before; i++ {
			switch c.toks[i].Text {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				depth--
			case ",":
				if depth == 0 {
					active++
				}
			}
		}
		return snap.signatureHelp(sym, active), nil
	}
	return nil, nil
}

// callee is the pred, fun or action a name before `(` refers to.
func (s *Snapshot) callee(name string) *sema.Symbol {
	for _, sym := range s.Info.Lookup(name) {
		switch sym.Kind {
		case sema.KindPred, sema.KindFun, sema.KindAction:
			return sym
		}
	}
	return nil
}

func (s *Snapshot) signatureHelp(sym *sema.Symbol, active int) *protocol.SignatureHelp {
	label := s.signature(sym)
	info := protocol.SignatureInformation{Label: label}
	if sym.Doc != "" {
		info.Documentation = &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: sym.Doc}
	}
	// A parameter's label is its text in the signature, which clients highlight.
	for _, p := range sym.Params {
		info.Parameters = append(info.Parameters, protocol.ParameterInformation{Label: protocol.String(p.Name + ": " + s.typeText(p))})
	}
	zero := uint32(0)
	help := &protocol.SignatureHelp{Signatures: []protocol.SignatureInformation{info}, ActiveSignature: &zero}
	if active < len(sym.Params) {
		a := uint32(active)
		help.ActiveParameter = protocol.NewNullable(a)
	}
	return help
}
