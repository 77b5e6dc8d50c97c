package bundle

// syncDir does nothing on Windows: folders cannot be opened for syncing
// there, and NTFS journals renames itself.
func syncDir(dir string) error { return nil }
