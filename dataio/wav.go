package dataio

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// WAV encodings (the fmt chunk's format tag).
const (
	wavPCM        = 1
	wavFloat      = 3
	wavExtensible = 0xFFFE
)

// guidTail is the last 14 bytes of the KSDATAFORMAT_SUBTYPE GUIDs of
// WAVE_FORMAT_EXTENSIBLE; the first two are the format tag.
var guidTail = []byte{0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71}

// wavHeader is what a WAV file's chunks before its data say.
type wavHeader struct {
	format     int // wavPCM or wavFloat
	channels   int
	rate       int
	bits       int // container bits per sample
	frames     int64
	blockAlign int
}

// ReadWAV reads a whole WAV file from r, whose total length is size
// bytes (−1 if unknown). Frames are rows, channels columns.
func ReadWAV(r io.Reader, size int64) (*Table, error) {
	d, err := newWAVDecoder(r, size)
	if err != nil {
		return nil, err
	}
	t, err := readAll(d)
	if err != nil {
		return nil, fmt.Errorf("wav: %w", err)
	}
	t.SampleRate = d.h.rate
	return t, nil
}

type wavDecoder struct {
	h    wavHeader
	br   *bufio.Reader
	left int64
	raw  []byte
}

func newWAVDecoder(r io.Reader, size int64) (*wavDecoder, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	h, err := readWAVHeader(br, size)
	if err != nil {
		return nil, fmt.Errorf("wav: %w", err)
	}
	return &wavDecoder{h: h, br: br, left: h.frames}, nil
}

func readWAVHeader(br *bufio.Reader, size int64) (wavHeader, error) {
	var h wavHeader
	var riff [12]byte
	if n, err := io.ReadFull(br, riff[:]); err != nil {
		if n == 0 {
			return h, formatErr("empty file")
		}
		return h, formatErr("truncated file: %d bytes, too short for a RIFF header", n)
	}
	switch {
	case string(riff[:4]) == "RF64" || string(riff[:4]) == "RIFX":
		return h, unsupported("%s file: only little-endian RIFF WAV is read", riff[:4])
	case string(riff[:4]) != "RIFF" || string(riff[8:12]) != "WAVE":
		return h, formatErr("not a RIFF/WAVE file")
	}
	left := int64(math.MaxInt64)
	if size >= 0 {
		left = size - 12
	}
	haveFmt := false
	for {
		var ch [8]byte
		if n, err := io.ReadFull(br, ch[:]); err != nil {
			if n == 0 && !haveFmt {
				return h, formatErr("no fmt chunk")
			}
			if n == 0 {
				return h, formatErr("no data chunk")
			}
			return h, formatErr("truncated file inside a chunk header")
		}
		left -= 8
		id, n := string(ch[:4]), int64(binary.LittleEndian.Uint32(ch[4:]))
		if id == "data" && n == 0xFFFFFFFF && size >= 0 && haveFmt {
			// Written by a streaming recorder that could not go back to
			// fill in the size: the data runs to the end of the file.
			n = left - left%int64(h.blockAlign)
		}
		if n > left {
			return h, formatErr("truncated file: chunk %q claims %d bytes, %d are left", id, n, max(left, 0))
		}
		switch id {
		case "fmt ":
			if n < 16 || n > 1<<16 {
				return h, formatErr("fmt chunk of %d bytes: want 16 to 65536", n)
			}
			b := make([]byte, n)
			if _, err := io.ReadFull(br, b); err != nil {
				return h, formatErr("truncated file inside the fmt chunk")
			}
			if err := parseFmt(&h, b); err != nil {
				return h, err
			}
			haveFmt = true
			if n&1 == 1 && left > n {
				if _, err := br.Discard(1); err != nil {
					return h, formatErr("truncated file after the fmt chunk")
				}
			}
		case "data":
			if !haveFmt {
				return h, formatErr("data chunk before the fmt chunk")
			}
			if n%int64(h.blockAlign) != 0 {
				return h, formatErr("data chunk of %d bytes is not a whole number of %d-byte frames "+
					"(truncated file?)", n, h.blockAlign)
			}
			h.frames = n / int64(h.blockAlign)
			if h.frames == 0 {
				return h, formatErr("no audio frames (empty data chunk)")
			}
			return h, nil
		default:
			skip := n + n&1
			if skip > left {
				skip = left
			}
			if k, err := io.CopyN(io.Discard, br, skip); err != nil || k != skip {
				return h, formatErr("truncated file inside chunk %q", id)
			}
		}
		left -= n + n&1
	}
}

func parseFmt(h *wavHeader, b []byte) error {
	le := binary.LittleEndian
	tag := int(le.Uint16(b[0:]))
	h.channels = int(le.Uint16(b[2:]))
	h.rate = int(le.Uint32(b[4:]))
	h.blockAlign = int(le.Uint16(b[12:]))
	h.bits = int(le.Uint16(b[14:]))
	if tag == wavExtensible {
		if len(b) < 40 {
			return formatErr("WAVE_FORMAT_EXTENSIBLE fmt chunk of %d bytes: want 40", len(b))
		}
		if !bytes.Equal(b[26:40], guidTail) {
			return unsupported("WAVE_FORMAT_EXTENSIBLE with a non-standard sub-format GUID")
		}
		tag = int(le.Uint16(b[24:]))
	}
	switch tag {
	case wavPCM:
		if h.bits != 8 && h.bits != 16 && h.bits != 24 && h.bits != 32 {
			return unsupported("%d-bit PCM: want 8, 16, 24 or 32 bits", h.bits)
		}
	case wavFloat:
		if h.bits != 32 && h.bits != 64 {
			return unsupported("%d-bit IEEE float: want 32 or 64 bits", h.bits)
		}
	default:
		return unsupported("WAV encoding tag %#x: only PCM (1) and IEEE float (3) are read "+
			"(compressed audio needs converting first)", tag)
	}
	h.format = tag
	switch {
	case h.channels == 0:
		return formatErr("fmt chunk says 0 channels")
	case h.rate == 0:
		return formatErr("fmt chunk says a sample rate of 0")
	case h.blockAlign != h.channels*h.bits/8:
		return formatErr("block align %d differs from %d channels × %d bits", h.blockAlign, h.channels, h.bits)
	}
	return nil
}

func (d *wavDecoder) cols() int { return d.h.channels }

func (d *wavDecoder) read(dst []float64) (int, error) {
	p := d.h.channels
	n := int(min(int64(len(dst)/p), d.left))
	if n == 0 {
		if d.left == 0 {
			return 0, io.EOF
		}
		return 0, nil
	}
	bps := d.h.bits / 8
	nb := n * d.h.blockAlign
	if cap(d.raw) < nb {
		d.raw = make([]byte, nb)
	}
	raw := d.raw[:nb]
	if _, err := io.ReadFull(d.br, raw); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return 0, formatErr("truncated file: the data ends %d frames early", d.left)
		}
		return 0, err
	}
	le := binary.LittleEndian
	out := dst[:n*p]
	switch {
	case d.h.format == wavFloat && bps == 4:
		for i := range out {
			out[i] = float64(math.Float32frombits(le.Uint32(raw[4*i:])))
		}
	case d.h.format == wavFloat:
		for i := range out {
			out[i] = math.Float64frombits(le.Uint64(raw[8*i:]))
		}
	case bps == 1:
		for i := range out {
			out[i] = (float64(raw[i]) - 128) / 128
		}
	case bps == 2:
		for i := range out {
			out[i] = float64(int16(le.Uint16(raw[2*i:]))) / (1 << 15)
		}
	case bps == 3:
		for i := range out {
			b := raw[3*i:]
			v := int32(uint32(b[0])<<8|uint32(b[1])<<16|uint32(b[2])<<24) >> 8
			out[i] = float64(v) / (1 << 23)
		}
	default:
		for i := range out {
			out[i] = float64(int32(le.Uint32(raw[4*i:]))) / (1 << 31)
		}
	}
	d.left -= int64(n)
	return n, nil
}

// WAVEncoding is how WAVWriter stores samples.
type WAVEncoding int

const (
	// PCM16 stores 16-bit integers: a value v is written as
	// round(v·32767), clipped to [−32768, 32767].
	PCM16 WAVEncoding = iota
	// Float32 stores IEEE float32 values as they are.
	Float32
)

// WAVWriter writes interleaved frames to a WAV file whose length is
// fixed when it is created.
type WAVWriter struct {
	w          *bufio.Writer
	enc        WAVEncoding
	ch         int
	left, want int64
	buf        []byte
}

// NewWAVWriter writes the header of a WAV file of frames frames of
// channels channels at rate frames per second to w.
func NewWAVWriter(w io.Writer, frames int64, channels, rate int, enc WAVEncoding) (*WAVWriter, error) {
	bits, tag := 16, wavPCM
	if enc == Float32 {
		bits, tag = 32, wavFloat
	}
	if channels < 1 || channels > math.MaxUint16/4 {
		return nil, fmt.Errorf("wav: %d channels cannot be written", channels)
	}
	align := channels * bits / 8
	data := frames * int64(align)
	if frames < 0 || data > math.MaxUint32-64 {
		return nil, fmt.Errorf("wav: %d frames of %d channels exceed the 4 GB limit of WAV", frames, channels)
	}
	le := binary.LittleEndian
	hdr := make([]byte, 0, 44)
	hdr = append(hdr, "RIFF"...)
	hdr = le.AppendUint32(hdr, uint32(36+data+data&1))
	hdr = append(hdr, "WAVEfmt "...)
	hdr = le.AppendUint32(hdr, 16)
	hdr = le.AppendUint16(hdr, uint16(tag))
	hdr = le.AppendUint16(hdr, uint16(channels))
	hdr = le.AppendUint32(hdr, uint32(rate))
	hdr = le.AppendUint32(hdr, uint32(rate*align))
	hdr = le.AppendUint16(hdr, uint16(align))
	hdr = le.AppendUint16(hdr, uint16(bits))
	hdr = append(hdr, "data"...)
	hdr = le.AppendUint32(hdr, uint32(data))
	bw := bufio.NewWriterSize(w, 1<<16)
	if _, err := bw.Write(hdr); err != nil {
		return nil, err
	}
	return &WAVWriter{w: bw, enc: enc, ch: channels, left: frames, want: frames}, nil
}

// Write writes len(data)/channels interleaved frames.
func (ww *WAVWriter) Write(data []float64) error {
	n := int64(len(data) / ww.ch)
	if n > ww.left {
		return fmt.Errorf("wav: writing %d frames past the %d of the header", n-ww.left, ww.want)
	}
	ww.buf = ww.buf[:0]
	for _, v := range data[:n*int64(ww.ch)] {
		if ww.enc == Float32 {
			ww.buf = binary.LittleEndian.AppendUint32(ww.buf, math.Float32bits(float32(v)))
			continue
		}
		s := math.Round(v * 32767)
		s = math.Max(-32768, math.Min(32767, s))
		if math.IsNaN(s) {
			s = 0
		}
		ww.buf = binary.LittleEndian.AppendUint16(ww.buf, uint16(int16(s)))
	}
	ww.left -= n
	_, err := ww.w.Write(ww.buf)
	return err
}

// Close writes the pad byte if the data has odd length and flushes;
// fewer frames than the header is an error.
func (ww *WAVWriter) Close() error {
	if ww.left != 0 {
		return fmt.Errorf("wav: %d of %d frames were not written", ww.left, ww.want)
	}
	return ww.w.Flush()
}
