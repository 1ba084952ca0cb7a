;;; specl-mode.el --- Major mode for Specl specifications  -*- lexical-binding: t; -*-

;; A major mode for Specl (.specl files): font-lock for keywords, types, comments,
;; doc comments (`///'), primes and numbers; indentation as `specls fmt' lays the
;; text out (two spaces per open brace, `cases' arms included, and one more level
;; for a clause continued after an operator, a colon, `=' or `=>', or before
;; `then'/`else'); comment commands for `//'; an imenu index of the
;; declarations by kind.  It needs nothing but Emacs 27 or
;; later; specls.el adds the language server through eglot.

;;; Code:

(require 'cl-lib)

(defgroup specl nil
  "Specl specifications."
  :group 'languages
  :prefix "specl-")

(defcustom specl-indent-offset 2
  "Indentation of a clause inside braces, and of a continued clause."
  :type 'integer
  :safe #'integerp)

(defconst specl-declaration-keywords
  '("spec" "type" "enum" "const" "var" "fact" "initially" "invariant" "assert"
    "action" "pred" "fun" "example" "nonexample" "option")
  "Reserved words that start a declaration.")

(defconst specl-clause-keywords
  '("requires" "ensures" "given" "do" "expect")
  "Reserved words that start a clause of an action or a step of an example.")

(defconst specl-expression-keywords
  '("and" "or" "not" "implies" "iff" "in" "subset" "union" "intersect" "minus"
    "all" "some" "no" "if" "then" "else" "cases" "with" "where" "count")
  "Reserved words inside expressions.")

(defconst specl-type-keywords '("bool" "set" "of")
  "Reserved words of types.")

(defconst specl-constants '("true" "false")
  "The boolean literals.")

(defconst specl-keywords
  (append specl-declaration-keywords specl-clause-keywords specl-expression-keywords
          specl-type-keywords specl-constants)
  "Every reserved word of Specl (the language reference's lexical rules).")

(defvar specl-mode-syntax-table
  (let ((table (make-syntax-table)))
    ;; `//' to the end of the line and `/* ... */', as in C++.
    (modify-syntax-entry ?/ ". 124b" table)
    (modify-syntax-entry ?* ". 23" table)
    (modify-syntax-entry ?\n "> b" table)
    (modify-syntax-entry ?_ "_" table)
    ;; A prime follows a name (`balance''): punctuation, not a string quote.
    (modify-syntax-entry ?' "." table)
    (modify-syntax-entry ?\" "." table)
    (dolist (c '(?= ?< ?> ?! ?+ ?- ?. ?,))
      (modify-syntax-entry c "." table))
    table)
  "Syntax table of `specl-mode'.")

(defconst specl--name "[A-Za-z_][A-Za-z0-9_]*"
  "A Specl identifier.")

(defun specl--syntactic-face (state)
  "The face of the comment described by STATE: `///' comments are doc comments."
  (if (and (nth 4 state)
           (save-excursion
             (goto-char (nth 8 state))
             (looking-at-p "///")))
      font-lock-doc-face
    font-lock-comment-face))

(defun specl--type-names-matcher (limit)
  "Find the next type name before LIMIT on a declaration line: a capitalised name
after `name:', `->', `of', or (on `type' lines) `='.  (A pred's `): e' is its
body; a fun's result type has its own rule.)"
  (let (found)
    (while (and (not found)
                (re-search-forward
                 (concat "\\(?:[A-Za-z0-9_]\\s-*:\\|->\\|\\_<of"
                         "\\|^\\s-*type\\s-+" specl--name "\\s-*=\\)"
                         "\\s-*\\([A-Z][A-Za-z0-9_]*\\)\\_>")
                 limit t))
      (let ((beg (match-beginning 1)))
        (save-excursion
          (goto-char beg)
          (beginning-of-line)
          ;; Only where a type can stand: the line of a var, const, type or a
          ;; signature (action, pred, fun), outside comments.
          (when (and (looking-at-p "\\s-*\\(?:var\\|const\\|type\\|action\\|pred\\|fun\\)\\_>")
                     (not (nth 8 (syntax-ppss beg))))
            (setq found t)))))
    found))

(defun specl--enum-members-matcher (limit)
  "Find the next member name of a one-line `enum' declaration before LIMIT."
  (let (found)
    (while (and (not found)
                (re-search-forward (concat "\\_<\\(" specl--name "\\)\\_>") limit t))
      (let ((beg (match-beginning 1)))
        (save-excursion
          (goto-char beg)
          (let ((open (nth 1 (syntax-ppss beg))))
            (when (and open
                       (eq (char-after open) ?{)
                       (not (nth 8 (syntax-ppss beg)))
                       (progn (goto-char open)
                              (skip-chars-backward " \t\n")
                              (skip-chars-backward "A-Za-z0-9_")
                              (skip-chars-backward " \t")
                              (skip-chars-backward "A-Za-z")
                              (looking-at-p "enum\\_>")))
              (setq found t))))))
    found))

(defvar specl-font-lock-keywords
  `(;; The name a declaration introduces.
    (,(concat "\\_<\\(?:action\\|pred\\|fun\\|example\\|nonexample\\)\\s-+\\(" specl--name "\\)")
     1 font-lock-function-name-face)
    (,(concat "\\_<\\(?:spec\\|type\\|enum\\)\\s-+\\(" specl--name "\\)")
     1 font-lock-type-face)
    (,(concat "\\_<\\(?:var\\|const\\)\\s-+\\(" specl--name "\\)")
     1 font-lock-variable-name-face)
    (,(concat "\\_<\\(?:fact\\|initially\\|invariant\\|assert\\|requires\\|ensures\\)\\s-+\\("
              specl--name "\\)\\s-*:")
     1 font-lock-function-name-face)
    (,(regexp-opt (append specl-declaration-keywords specl-clause-keywords
                          specl-expression-keywords)
                  'symbols)
     . font-lock-keyword-face)
    (,(regexp-opt specl-type-keywords 'symbols) . font-lock-type-face)
    (,(regexp-opt specl-constants 'symbols) . font-lock-constant-face)
    (specl--type-names-matcher 1 font-lock-type-face)
    ;; A fun's result type: `fun F(p: T): Result = e'.
    ("^\\s-*fun\\_>.*)\\s-*:\\s-*\\([A-Z][A-Za-z0-9_]*\\)\\s-*=\\(?:[^=>]\\|$\\)"
     1 font-lock-type-face)
    (specl--enum-members-matcher 1 font-lock-constant-face)
    ;; A prime: the value after a step.
    ("[A-Za-z0-9_]\\('\\)" 1 font-lock-builtin-face)
    ("\\_<[0-9]+\\_>" . font-lock-constant-face))
  "Highlighting of `specl-mode'.")

;;; Indentation

(defconst specl--continuing-end
  (concat "\\(?:" (regexp-opt '("and" "or" "not" "implies" "iff" "in" "subset" "union"
                                "intersect" "minus" "then" "else" "with" "where")
                              'symbols)
          "\\|==\\|!=\\|<=\\|>=\\|=>\\|->\\|[-+*<>=:]\\)")
  "What ends a line whose clause goes on to the next line.")

(defun specl--code-end ()
  "Point after the last code character of this line, or nil if it holds none.
Comments and spaces are not code."
  (save-excursion
    (end-of-line)
    (let ((bol (line-beginning-position))
          (ppss (syntax-ppss)))
      (when (nth 4 ppss)
        (goto-char (nth 8 ppss)))
      ;; Back over spaces and comments; past the line's start, it holds no code.
      (forward-comment (- (buffer-size)))
      (and (> (point) bol) (point)))))

(defun specl--previous-code-line ()
  "Move to the nearest earlier line holding code; return nil when there is none."
  (let (found)
    (while (and (not found) (zerop (forward-line -1)))
      (setq found (and (specl--code-end) t))
      (when (and (not found) (bobp))
        (goto-char (point-min))
        (setq found nil)))
    found))

(defun specl--continues-p ()
  "Whether the clause of this line goes on to the next line."
  (let ((end (specl--code-end)))
    (and end
         (save-excursion
           (goto-char end)
           (looking-back specl--continuing-end (line-beginning-position))))))

(defun specl--calculate-indentation ()
  "The column this line belongs at, or nil to leave it (inside a block comment)."
  (save-excursion
    (beginning-of-line)
    (let* ((ppss (syntax-ppss))
           (open (car (last (cl-remove-if-not (lambda (p) (eq (char-after p) ?{))
                                              (nth 9 ppss))))))
      (if (nth 4 ppss)
          nil
        (let* ((closing (looking-at-p "[ \t]*}"))
               (base (if open
                         (save-excursion
                           (goto-char open)
                           (+ (current-indentation) (if closing 0 specl-indent-offset)))
                       0))
               (starts-continuation
                ;; `then' and `else' of an `if', not the `else =>' arm of `cases'.
                (and (looking-at-p "[ \t]*\\_<\\(?:then\\|else\\)\\_>")
                     (not (looking-at-p "[ \t]*else[ \t]*=>"))))
               (after-continuing
                (and (not closing)
                     (save-excursion
                       (and (specl--previous-code-line)
                            ;; Only a line inside the same braces continues a clause.
                            (>= (point) (or open (point-min)))
                            (specl--continues-p))))))
          (if (or starts-continuation after-continuing)
              (+ base specl-indent-offset)
            base))))))

(defun specl-indent-line ()
  "Indent the current line as `specls fmt' would."
  (interactive)
  (let ((col (specl--calculate-indentation)))
    (when col
      (if (<= (current-column) (current-indentation))
          (indent-line-to col)
        (save-excursion (indent-line-to col))))))

(defvar specl-imenu-generic-expression
  `(("Actions" ,(concat "^\\s-*action\\s-+\\(" specl--name "\\)") 1)
    ("Predicates and functions" ,(concat "^\\s-*\\(?:pred\\|fun\\)\\s-+\\(" specl--name "\\)") 1)
    ("Properties" ,(concat "^\\s-*\\(?:invariant\\|assert\\)\\s-+\\(" specl--name "\\)") 1)
    ("Facts" ,(concat "^\\s-*fact\\s-+\\(" specl--name "\\)\\s-*:") 1)
    ("Examples" ,(concat "^\\s-*\\(?:example\\|nonexample\\)\\s-+\\(" specl--name "\\)") 1)
    ("Variables" ,(concat "^\\s-*\\(?:var\\|const\\)\\s-+\\(" specl--name "\\)") 1)
    ("Types" ,(concat "^\\s-*\\(?:type\\|enum\\)\\s-+\\(" specl--name "\\)") 1))
  "Declarations for `imenu', by kind.")

;;;###autoload
(define-derived-mode specl-mode prog-mode "Specl"
  "Major mode for Specl specifications (.specl files).

\\{specl-mode-map}"
  :syntax-table specl-mode-syntax-table
  (setq-local comment-start "// ")
  (setq-local comment-end "")
  (setq-local comment-start-skip "//+[ \t]*")
  (setq-local comment-use-syntax t)
  (setq-local indent-tabs-mode nil)
  (setq-local font-lock-defaults
              '(specl-font-lock-keywords nil nil nil nil
                (font-lock-syntactic-face-function . specl--syntactic-face)))
  (setq-local indent-line-function #'specl-indent-line)
  (setq-local imenu-generic-expression specl-imenu-generic-expression)
  (setq-local electric-indent-chars (append '(?} ?{) electric-indent-chars)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.specl\\'" . specl-mode))

(provide 'specl-mode)
;;; specl-mode.el ends here
