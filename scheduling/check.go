package scheduling

// Violation is one broken rule in a roster.
type Violation struct {
	Agent  string
	Rule   string
	Detail string
}

// Check is a stub.
func Check(p Problem, roster []Activity) []Violation { return nil }
