package dmd

// plain is the reference machine of the tests: the stack as a slice,
// bottom first, searched linearly. It prices exactly as Machine does.
type plain struct {
	w     int64
	stack []int32 // slot ids, bottom → top
	next  int32
	st    Stats
}

func newPlain(w int) *plain { return &plain{w: int64(w), next: 1} }

func (p *plain) depth(id int32) int64 {
	for i := len(p.stack) - 1; i >= 0; i-- {
		if p.stack[i] == id {
			return int64(len(p.stack) - i)
		}
	}
	panic("plain: no such slot")
}

func (p *plain) bump(id int32) {
	for i := len(p.stack) - 1; i >= 0; i-- {
		if p.stack[i] == id {
			copy(p.stack[i:], p.stack[i+1:])
			p.stack[len(p.stack)-1] = id
			return
		}
	}
	panic("plain: no such slot")
}

// price is the definition, summed term by term.
func (p *plain) price(d int64) int64 {
	var c int64
	for t := (d-1)*p.w + 1; t <= d*p.w; t++ {
		r := int64(0)
		for r*r < t {
			r++
		}
		c += r
	}
	return c
}

func (p *plain) PushSlot() int32 {
	id := p.next
	p.next++
	p.stack = append(p.stack, id)
	return id
}

func (p *plain) read(ops []int32) bool {
	var d []int64
	for _, id := range ops {
		if id != 0 {
			d = append(d, p.depth(id))
		}
	}
	if len(d) == 0 {
		return false
	}
	for _, x := range d {
		p.st.Cost += p.price(x)
		p.st.Reads++
	}
	for _, id := range ops {
		if id != 0 {
			p.bump(id)
		}
	}
	return true
}

func (p *plain) Instr(ops ...int32) int32 {
	if !p.read(ops) {
		return 0
	}
	p.st.Instructions++
	return p.PushSlot()
}

func (p *plain) Branch(ops ...int32) {
	if p.read(ops) {
		p.st.Branches++
	}
}

func (p *plain) Stats() Stats {
	s := p.st
	s.Slots = int64(len(p.stack))
	return s
}
