// Package secretclip puts a secret (the recovery key) on the system
// clipboard marked as concealed where the operating system has such a mark,
// so that clipboard history and cloud clipboard sync leave it out.
//
// What is wired, by system:
//   - Windows 10 and later: besides the text (CF_UNICODETEXT), the formats
//     ExcludeClipboardContentFromMonitorProcessing,
//     CanIncludeInClipboardHistory = 0 and CanUploadToCloudClipboard = 0,
//     which Windows' clipboard history (Win+V), its cloud clipboard and
//     well-behaved clipboard managers honour.
//   - Linux and macOS: nothing. The X11 clipboard Fyne writes through
//     (GLFW) offers only plain text, so KDE's x-kde-passwordManagerHint
//     cannot be added, and macOS's org.nspasteboard.ConcealedType needs
//     Cocoa code this package does not have. Set returns ErrUnsupported and
//     the caller copies as usual; everywhere the app clears the clipboard
//     after two minutes if it still holds the key.
package secretclip

import "errors"

// ErrUnsupported: this system has no concealed mark Kiroku can set.
var ErrUnsupported = errors.New("secretclip: no concealed clipboard on this system")
