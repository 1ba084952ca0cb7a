;;; specls.el --- Specl files, with the specls language server through eglot  -*- lexical-binding: t; -*-

;; Loads `specl-mode' (specl-mode.el: font-lock, indentation, comments, .specl
;; files) and registers `specls serve' with eglot (Emacs 28 with eglot 1.9 or
;; later; eglot is built in from Emacs 29).
;;
;; Install: put this directory on `load-path' and add to your init file
;;
;;   (require 'specls)
;;   (add-hook 'specl-mode-hook #'eglot-ensure)
;;   ;; only if specls is not on PATH:
;;   (setq specls-program "/path/to/specls")
;;
;; With use-package:
;;
;;   (use-package specls
;;     :load-path "/path/to/specls/editors/emacs"
;;     :hook (specl-mode . eglot-ensure))
;;
;; eglot 1.9 has neither pull diagnostics nor inlay hints: specls pushes its
;; diagnostics (shown by flymake) and ends each message with a short form of the
;; counterexample.

;;; Code:

(require 'specl-mode)

(defgroup specls nil
  "The specls language server."
  :group 'specl)

(defcustom specls-program "specls"
  "The specls executable: a name found on PATH or an absolute file name."
  :type 'string)

(defvar eglot-server-programs)

(defun specls--contact (&optional _interactive)
  "The command line that eglot runs for a Specl buffer."
  (list specls-program "serve" "--stdio"))

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(specl-mode . specls--contact)))

(provide 'specls)
;;; specls.el ends here
