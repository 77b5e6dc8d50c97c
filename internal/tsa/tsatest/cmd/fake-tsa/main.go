// Command fake-tsa runs the local test TSA of package tsatest outside
// `go test`, for end-to-end tests of the real binaries:
//
//	go run ./internal/tsa/tsatest/cmd/fake-tsa -addr 127.0.0.1:0
//
// It prints TSA_URL=... and TSA_CA=... (one per line, then "ready") and
// serves until interrupted. GET <base>/_control?mode=offline switches modes
// (normal, offline, unavailable, refuse, replay).
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/kiroku-app/kiroku/internal/tsa/tsatest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	dir := flag.String("dir", "", "directory for keys and certificates (default: a new temporary one, removed on exit)")
	mode := flag.String("mode", "normal", "initial mode: normal, offline, unavailable, refuse, replay")
	flag.Parse()
	if err := run(*addr, *dir, *mode); err != nil {
		fmt.Fprintln(os.Stderr, "fake-tsa:", err)
		os.Exit(1)
	}
}

func run(addr, dir, mode string) error {
	m, err := tsatest.ParseMode(mode)
	if err != nil {
		return err
	}
	if dir == "" {
		if dir, err = os.MkdirTemp("", "fake-tsa"); err != nil {
			return fmt.Errorf("temp dir: %w", err)
		}
		defer os.RemoveAll(dir)
	} else if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	s, err := tsatest.Start(dir, addr)
	if err != nil {
		return err
	}
	defer s.Close()
	s.SetMode(m)
	fmt.Printf("TSA_URL=%s\nTSA_CA=%s\nready\n", s.URL, s.CAFile)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	return nil
}
