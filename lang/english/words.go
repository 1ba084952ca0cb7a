package english

import (
	"strings"
	"unicode"
)

// connectives are the words the readings themselves use to show structure. A name
// whose words include one of them would blur that structure ("the logged in" next to
// "is in"), so such a name is quoted as written instead of being split into words.
var connectives = map[string]bool{
	"and": true, "or": true, "not": true, "if": true, "then": true, "else": true,
	"otherwise": true, "of": true, "is": true, "are": true, "for": true, "every": true,
	"some": true, "no": true, "all": true, "with": true, "set": true, "to": true,
	"in": true, "plus": true, "minus": true, "times": true, "holds": true, "hold": true,
	"new": true, "either": true, "both": true, "neither": true, "nor": true,
	"when": true, "that": true, "such": true, "true": true, "false": true,
	"without": true, "together": true, "exactly": true, "than": true, "least": true,
	"most": true, "its": true,
}

// temporal are the words that place a value in time. A name holding one reads its
// primed value as "the new value of the old ready", never "the new old ready".
var temporal = map[string]bool{
	"new": true, "old": true, "next": true, "prev": true, "previous": true, "last": true,
	"current": true, "initial": true, "first": true, "final": true, "past": true, "future": true,
}

// hasTemporal reports whether words (as nameWords gives them) hold a temporal word.
func hasTemporal(words string) bool {
	for _, w := range strings.Fields(words) {
		if temporal[strings.ToLower(w)] {
			return true
		}
	}
	return false
}

// splitName cuts an identifier into words at underscores and camelCase boundaries
// (`maxRetries` -> max, Retries; `userID` -> user, ID; `HTTPCode` -> HTTP, Code).
func splitName(name string) []string {
	var words []string
	for _, part := range strings.Split(name, "_") {
		rs := []rune(part)
		start := 0
		for i := 1; i < len(rs); i++ {
			prev, cur := rs[i-1], rs[i]
			boundary := unicode.IsLower(prev) && unicode.IsUpper(cur) ||
				unicode.IsDigit(prev) && unicode.IsUpper(cur) ||
				// the last capital of an acronym starts the next word: HTTPCode
				unicode.IsUpper(prev) && unicode.IsUpper(cur) && i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if boundary {
				words = append(words, string(rs[start:i]))
				start = i
			}
		}
		if start < len(rs) {
			words = append(words, string(rs[start:]))
		}
	}
	return words
}

// verbs are the words that make a boolean name a statement about its key:
// `hasVoted[n]` reads "n has voted"; each with its negation.
var verbs = map[string]string{"is": "is not", "has": "has not", "can": "cannot", "was": "was not"}

// verbName splits a name that starts with one of verbs and goes on with words:
// `hasVoted` gives "has" and "voted", `is_leader` "is" and "leader".
func verbName(name string) (verb, rest string, ok bool) {
	words := splitName(name)
	if len(words) < 2 {
		return "", "", false
	}
	verb = strings.ToLower(words[0])
	if _, ok := verbs[verb]; !ok || words[0] != verb {
		return "", "", false
	}
	rest, ok = nameWords(strings.TrimLeft(name[len(verb):], "_"))
	return verb, rest, ok
}

// nameWords turns an identifier into lowercase words: a capitalised word is
// lowered, an acronym keeps its capitals. It reports false when the name has no
// words, when a word is one of the connectives, or when the name is a statement
// (`hasVoted`: "the has voted" is no noun).
func nameWords(name string) (string, bool) {
	words := splitName(name)
	if len(words) == 0 {
		return "", false
	}
	if _, isVerb := verbs[words[0]]; isVerb && len(words) > 1 {
		return "", false
	}
	for i, w := range words {
		rs := []rune(w)
		if len(rs) > 1 && unicode.IsUpper(rs[0]) && !unicode.IsUpper(rs[1]) || len(rs) == 1 {
			w = strings.ToLower(w)
		}
		if connectives[strings.ToLower(w)] {
			return "", false
		}
		words[i] = w
	}
	return strings.Join(words, " "), true
}

// leadWords are the words a reading may start with that the readings themselves
// produce; only those are capitalised at the start of a sentence. A name kept as
// written (`r`, an enum member, quoted text) keeps its case.
var leadWords = map[string]bool{
	"the": true, "if": true, "for": true, "either": true, "both": true, "it": true,
	"every": true, "some": true, "all": true, "at": true, "when": true, "minus": true,
	"true": true, "false": true, "there": true, "only": true, "one": true,
}

// sentence makes a reading a sentence: an initial capital where the first word is
// ours, and a full stop.
func sentence(s string) string {
	return capitalize(s) + "."
}

func capitalize(s string) string {
	word, _, _ := strings.Cut(s, " ")
	word = strings.TrimRight(word, ",:")
	if leadWords[word] {
		return strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}

// series joins items as an English list: "a", "a and b", "a, b, and c".
func series(items []string, conj string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	case 2:
		return items[0] + " " + conj + " " + items[1]
	}
	return strings.Join(items[:len(items)-1], ", ") + ", " + conj + " " + items[len(items)-1]
}

// pluralWord reports whether an English word reads as a plural noun, by its ending:
// "grants", "failures", "replicas", "IDs", but not "status", "address", "alias",
// "basis" or an acronym in capitals ("HTTPS"). A name is read with the verb that
// agrees with it ("the grants are", "the status is"); a wrong guess costs grammar,
// never meaning.
func pluralWord(w string) bool {
	if len(w) < 3 || !strings.HasSuffix(w, "s") || strings.ToUpper(w) == w {
		return false
	}
	lw := strings.ToLower(w)
	for _, singular := range []string{"ss", "us", "is", "ias", "news", "series", "species"} {
		if strings.HasSuffix(lw, singular) {
			return false
		}
	}
	return true
}
