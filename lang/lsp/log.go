package lsp

import (
	"io"
	"log/slog"

	"go.uber.org/zap"
	"go.uber.org/zap/exp/zapslog"
	"go.uber.org/zap/zapcore"
)

// NewLogger returns a structured logger writing JSON lines to w through zap, behind
// the log/slog interface the protocol library uses. w must never be the protocol's
// stdout: give stderr or a file. Debug records are kept only when verbose is set.
func NewLogger(w io.Writer, verbose bool) *slog.Logger {
	level := zapcore.InfoLevel
	if verbose {
		level = zapcore.DebugLevel
	}
	enc := zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
	core := zapcore.NewCore(enc, zapcore.Lock(zapcore.AddSync(w)), level)
	return slog.New(zapslog.NewHandler(core, zapslog.WithName("specls")))
}
