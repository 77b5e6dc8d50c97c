//go:build !linux && !darwin && !windows

package drive

import "errors"

func drives() ([]Drive, error) { return nil, nil }

func statFS(path string) (Volume, error) {
	return Volume{}, errors.New("filesystem information is not available on this system")
}
