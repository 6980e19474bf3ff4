package dataio

import (
	"errors"
	"fmt"
)

var (
	// ErrFormat is wrapped by every error about malformed input: an
	// empty or truncated file, ragged rows, a non-numeric cell, a header
	// that contradicts the file.
	ErrFormat = errors.New("malformed input")

	// ErrUnsupported is wrapped by errors about well-formed input in a
	// variant that is not read: an NPY dtype other than '<f4' or '<f8',
	// big-endian or Fortran-order data, a WAV encoding other than PCM or
	// IEEE float.
	ErrUnsupported = errors.New("unsupported input")
)

func formatErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrFormat, fmt.Sprintf(format, a...))
}

func unsupported(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrUnsupported, fmt.Sprintf(format, a...))
}
