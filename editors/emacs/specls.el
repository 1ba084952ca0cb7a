;;; specls.el --- Specl files, with the specls language server through eglot  -*- lexical-binding: t; -*-

;; A small major mode for Specl (comments, strings of keywords, indentation by
;; braces) and the registration of `specls serve' with eglot (Emacs 28 and eglot
;; 1.9 or later; eglot is built in from Emacs 29).
;;
;; Install: put this file on `load-path' and add to your init file
;;
;;   (require 'specls)
;;   (add-hook 'specl-mode-hook #'eglot-ensure)
;;   ;; only if specls is not on PATH:
;;   (setq specls-program "/path/to/specls")
;;
;; eglot 1.9 has neither pull diagnostics nor inlay hints: specls pushes its
;; diagnostics (shown by flymake) and ends each message with a short form of the
;; counterexample.

;;; Code:

(require 'eglot)

(defgroup specls nil
  "Specl specifications and the specls language server."
  :group 'languages)

(defcustom specls-program "specls"
  "The specls executable: a name found on PATH or an absolute file name."
  :type 'string)

(defcustom specls-indent-offset 2
  "Indentation of a clause inside braces."
  :type 'integer)

(defconst specls-keywords
  '("spec" "type" "enum" "const" "var" "fact" "initially" "invariant" "assert"
    "action" "requires" "ensures" "pred" "fun" "example" "nonexample" "given" "do"
    "expect" "option" "set" "of" "bool" "true" "false" "and" "or" "not" "implies"
    "iff" "in" "subset" "union" "intersect" "minus" "all" "some" "no" "if" "then"
    "else" "cases" "with" "where" "count")
  "The reserved words of Specl.")

(defvar specl-mode-syntax-table
  (let ((table (make-syntax-table)))
    ;; `//' to the end of the line and `/* ... */', as in C++.
    (modify-syntax-entry ?/ ". 124b" table)
    (modify-syntax-entry ?* ". 23" table)
    (modify-syntax-entry ?\n "> b" table)
    (modify-syntax-entry ?_ "_" table)
    ;; A prime ends a name (`balance''): punctuation, not a string quote.
    (modify-syntax-entry ?' "." table)
    (modify-syntax-entry ?\" "." table)
    table)
  "Syntax table of `specl-mode'.")

(defvar specl-font-lock-keywords
  `((,(regexp-opt specls-keywords 'symbols) . font-lock-keyword-face)
    (,(rx symbol-start (or "spec" "type" "enum" "const" "var" "action" "pred" "fun"
                           "example" "nonexample" "fact" "invariant" "assert")
          (+ space) (group (any "A-Za-z_") (* (any "A-Za-z0-9_"))))
     1 font-lock-function-name-face))
  "Highlighting of `specl-mode'.")

(defun specl-indent-line ()
  "Indent the current line by the depth of its enclosing braces."
  (interactive)
  (let ((depth (save-excursion
                 (beginning-of-line)
                 (let ((d (car (syntax-ppss))))
                   (if (looking-at-p "[ \t]*[]})]") (max 0 (1- d)) d)))))
    (indent-line-to (* depth specls-indent-offset))))

;;;###autoload
(define-derived-mode specl-mode prog-mode "Specl"
  "Major mode for Specl specifications (.specl files)."
  (setq-local comment-start "// ")
  (setq-local comment-end "")
  (setq-local comment-start-skip "//+[ \t]*")
  (setq-local font-lock-defaults '(specl-font-lock-keywords))
  (setq-local indent-line-function #'specl-indent-line))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.specl\\'" . specl-mode))

(defun specls--contact (&optional _interactive)
  "The command line that eglot runs for a Specl buffer."
  (list specls-program "serve" "--stdio"))

(add-to-list 'eglot-server-programs '(specl-mode . specls--contact))

(provide 'specls)
;;; specls.el ends here
