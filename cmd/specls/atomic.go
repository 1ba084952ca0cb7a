package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// writeAtomic replaces the file at path with data so that, whatever happens (a full
// disk, a crash, a kill), the file holds either its old text or the new one, never a
// part: the text goes to a temporary file in the same folder, is synced to disk, gets
// the file's mode and owner, and is renamed over the file. A symlink is followed: its
// target is rewritten and the link kept. (A hard link to the file keeps the old text:
// the rename makes a new file, as every atomic writer must.)
func writeAtomic(path string, data []byte) (err error) {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return errors.New(ioError(err))
	}
	st, err := os.Stat(target)
	if err != nil {
		return errors.New(ioError(err))
	}
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".specls-*")
	if err != nil {
		return fmt.Errorf("%s: cannot write next to it: %v", path, errors.Unwrap(err))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			err = fmt.Errorf("%s: %v; the file is unchanged", path, err)
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Chmod(st.Mode().Perm()); err != nil {
		return err
	}
	if err = keepOwner(tmp, st); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), target); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// syncDir makes the rename itself durable where the system allows it (best effort:
// the text is already safe in one of the two names).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
