package mockvendors

import (
	"io"
	"net/http"
)

// ReadBody is io.ReadAll(http.MaxBytesReader(w, r.Body, max)): the same
// bytes and the same error, but read into one buffer of the size the
// request declares (when it declares one within max) rather than one
// grown and copied from 512 bytes.
func ReadBody(w http.ResponseWriter, r *http.Request, max int64) ([]byte, error) {
	return readAllSized(http.MaxBytesReader(w, r.Body, max), r.ContentLength, max)
}

// readAllSized reads rd to its end as io.ReadAll does, into a buffer
// first sized for size bytes (and the read that finds the end) when
// size is between 1 and max.
func readAllSized(rd io.Reader, size, max int64) ([]byte, error) {
	n := int64(512)
	if size > 0 && size <= max {
		n = size + 1
	}
	b := make([]byte, 0, n)
	for {
		m, err := rd.Read(b[len(b):cap(b)])
		b = b[:len(b)+m]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}
