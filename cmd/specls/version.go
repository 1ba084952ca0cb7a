package main

import (
	_ "embed"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

type versionCmd struct{}

func (versionCmd) run(e *env) int {
	fmt.Fprintln(e.stdout, versionLine())
	return exitOK
}

// versionLine is what `specls version` and `specls --version` print.
func versionLine() string {
	return fmt.Sprintf("specls %s (%s)", version(), runtime.Version())
}

// embeddedVersion is the release this source tree is (cmd/specls/VERSION), the
// fallback when the build records no module version: a build from a checkout.
//
//go:embed VERSION
var embeddedVersion string

// version is the module version the binary was built at (`go install …@v1.2.3`);
// for a build from a checkout, where Go records "(devel)", the embedded VERSION with
// "-devel" and, when the build recorded it, the commit ("0.1.0-devel+1d68f53").
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return develVersion(bi, ok)
}

func develVersion(bi *debug.BuildInfo, ok bool) string {
	v := strings.TrimSpace(embeddedVersion) + "-devel"
	if !ok {
		return v
	}
	var rev string
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if len(rev) > 7 {
		rev = rev[:7]
	}
	if rev != "" {
		v += "+" + rev
		if dirty {
			v += ".dirty"
		}
	}
	return v
}
