//go:build unix

package main

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// keepOwner gives the new file the old one's owner and group; when that is not
// allowed (another user's file), the rewrite is refused rather than done with a
// different owner.
func keepOwner(f *os.File, old fs.FileInfo) error {
	sys, ok := old.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	if int(sys.Uid) == os.Getuid() && int(sys.Gid) == os.Getgid() {
		return nil
	}
	if err := f.Chown(int(sys.Uid), int(sys.Gid)); err != nil {
		return fmt.Errorf("cannot keep its owner (uid %d, gid %d): %v", sys.Uid, sys.Gid, err)
	}
	return nil
}
