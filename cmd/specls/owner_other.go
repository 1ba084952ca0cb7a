//go:build !unix

package main

import (
	"io/fs"
	"os"
)

// keepOwner: outside Unix a new file takes its folder's ownership and permissions.
func keepOwner(*os.File, fs.FileInfo) error { return nil }
