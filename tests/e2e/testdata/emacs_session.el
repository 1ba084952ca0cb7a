;;; emacs_session.el --- drives specls from Emacs and eglot in batch mode  -*- lexical-binding: t; -*-

;; Loads editors/emacs/specls.el as a user would, opens the specs in
;; $SPECLS_E2E_DIR, and writes what eglot and flymake observed as JSON to
;; $SPECLS_E2E_OUT for the Go test to judge; this script asserts nothing.

;;; Code:

(require 'json)
(require 'package)
;; Debian's elpa-* packages (eglot 1.9) live in package.el's system directories.
(package-activate-all)
(add-to-list 'load-path (getenv "SPECLS_EMACS_CONFIG"))
(require 'specls)
(require 'flymake)

(defvar e2e-out nil "What was observed, as an alist for `json-encode'.")
(defvar e2e-wait (/ (string-to-number (or (getenv "SPECLS_E2E_WAIT_MS") "20000")) 1000.0))

(defun e2e-put (key value)
  (setq e2e-out (append e2e-out (list (cons key value)))))

(defun e2e-command-loop ()
  "Do what Emacs's command loop does after a command: batch mode has none."
  (run-hooks 'post-command-hook))

(defun e2e-wait-until (pred)
  "Process input until PRED holds or the wait runs out; return PRED's value."
  (let ((deadline (+ (float-time) e2e-wait)) v)
    (while (and (not (setq v (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.02)
      (e2e-command-loop))
    v))

(defun e2e-code (d)
  (plist-get (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d)) :code))

(defun e2e-codes ()
  (mapcar #'e2e-code (flymake-diagnostics)))

(defun e2e-column (pos)
  "Characters from the start of POS's line (not display columns: emoji are wide)."
  (save-excursion (goto-char pos) (- pos (line-beginning-position))))

(defun e2e-diagnostics ()
  "Flymake's diagnostics of this buffer where the user sees them: at their
overlays (a diagnostic's own numbers are not kept current across edits).
Lines are 1-based, columns 0-based counts of characters (code points)."
  (let ((ovs (sort (cl-remove-if-not (lambda (ov) (overlay-get ov 'flymake-diagnostic))
                                     (overlays-in (point-min) (point-max)))
                   (lambda (a b) (< (overlay-start a) (overlay-start b))))))
    (vconcat
     (mapcar (lambda (ov)
               (let ((d (overlay-get ov 'flymake-diagnostic))
                     (beg (overlay-start ov)) (end (overlay-end ov)))
                 `((line . ,(line-number-at-pos beg))
                   (column . ,(e2e-column beg))
                   (end_line . ,(line-number-at-pos end))
                   (end_column . ,(e2e-column end))
                   (type . ,(symbol-name (flymake-diagnostic-type d)))
                   (code . ,(e2e-code d))
                   (range . ,(plist-get (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d)) :range))
                   (text . ,(flymake-diagnostic-text d)))))
             ovs))))

(defun e2e-wait-codes (want &optional absent)
  (e2e-wait-until
   (lambda ()
     (let ((have (e2e-codes)))
       (and (cl-every (lambda (c) (member c have)) want)
            (cl-notany (lambda (c) (member c have)) absent))))))

(defun e2e-goto (line word)
  "Put point on the first WORD on LINE (1-based)."
  (goto-char (point-min))
  (forward-line (1- line))
  (let ((case-fold-search nil))
    (search-forward word (line-end-position)))
  (goto-char (match-beginning 0)))

(defun e2e-request (method)
  "Ask the buffer's server METHOD at point, through eglot's own connection."
  (condition-case err
      (let ((r (jsonrpc-request (eglot-current-server) method
                                (eglot--TextDocumentPositionParams))))
        (or r :null))
    (error `((error . ,(format "%S" err))))))

(defun e2e-open (file)
  (find-file file)
  (eglot-ensure)
  ;; eglot-ensure connects after the current command; run that moment by hand.
  (e2e-command-loop)
  (e2e-wait-until (lambda () eglot--managed-mode))
  ;; Flymake defers its first check until the buffer is shown in a window, which
  ;; batch mode never does for a second buffer: start it as redisplay would.
  (when (and flymake-mode (null (flymake-running-backends)))
    (flymake-start)))

(defun e2e-face (line word &optional nth)
  "The face at the NTH (default first) WORD on LINE, as a string."
  (goto-char (point-min))
  (forward-line (1- line))
  (let ((case-fold-search nil))
    (dotimes (_ (or nth 1))
      (search-forward word (line-end-position))))
  (format "%S" (get-text-property (match-beginning 0) 'face)))

(defun e2e-strip-indentation ()
  "Delete the indentation of every line that does not start inside a comment."
  (goto-char (point-min))
  (while (not (eobp))
    (unless (nth 4 (syntax-ppss (line-beginning-position)))
      (delete-horizontal-space))
    (forward-line 1)))

(defun e2e-sample ()
  "Open sample.specl (laid out by `specls fmt') without eglot: the mode, its
colours and its indentation."
  (find-file (expand-file-name "sample.specl" (getenv "SPECLS_E2E_DIR")))
  (e2e-put 'sample_mode (symbol-name major-mode))
  (e2e-put 'sample_comment_start comment-start)
  (font-lock-ensure)
  (e2e-put 'faces
           `((comment . ,(e2e-face 1 "sample"))
             (doc_comment . ,(e2e-face 4 "Roles"))
             (enum_keyword . ,(e2e-face 5 "enum"))
             (enum_name . ,(e2e-face 5 "Role"))
             (enum_member . ,(e2e-face 7 "Dev"))
             (trailing_comment . ,(e2e-face 6 "boss"))
             (number . ,(e2e-face 10 "3"))
             (record_field_type . ,(e2e-face 11 "Role"))
             (var_name . ,(e2e-face 13 "grants"))
             (var_type . ,(e2e-face 13 "Role"))
             (set_of . ,(e2e-face 13 "set"))
             (element_type . ,(e2e-face 13 "Role" 2))
             (fact_name . ,(e2e-face 17 "Long"))
             (operator_word . ,(e2e-face 17 "and"))
             (plain_name . ,(e2e-face 17 "level"))
             (block_comment . ,(e2e-face 24 "block"))
             (pred_name . ,(e2e-face 26 "Up"))
             (param_type . ,(e2e-face 26 "Role"))
             (pred_body_name . ,(e2e-face 26 "grants"))
             (fun_result_type . ,(e2e-face 29 "Level"))
             (cases . ,(e2e-face 29 "cases"))
             (enum_member_in_expression . ,(e2e-face 30 "Admin"))
             (prime . ,(e2e-face 38 "'"))))
  ;; The imenu index: declarations by kind, in order.
  (require 'imenu)
  (e2e-put 'imenu
           (mapcar (lambda (group)
                     (cons (car group) (vconcat (mapcar #'car (cdr group)))))
                   (imenu--generic-function imenu-generic-expression)))
  ;; Indentation: the formatter's layout is a fixed point of indent-region, and
  ;; is restored from nothing.
  (let ((formatted (buffer-string)))
    (indent-region (point-min) (point-max))
    (e2e-put 'reindented_same (equal formatted (buffer-string)))
    (e2e-strip-indentation)
    (indent-region (point-min) (point-max))
    (e2e-put 'restored (if (equal formatted (buffer-string)) t (buffer-string))))
  (set-buffer-modified-p nil)
  (kill-buffer))

(condition-case err
    (let ((dir (getenv "SPECLS_E2E_DIR")))
      (setq specls-program (getenv "SPECLS"))
      (e2e-sample)

      (e2e-open (expand-file-name "broken.specl" dir))
      (e2e-put 'broken_mode (symbol-name major-mode))
      (e2e-put 'server (and (eglot-current-server) (plist-get (eglot--server-info (eglot-current-server)) :name)))
      (e2e-put 'broken_waited (and (e2e-wait-codes '("syntax" "name" "vacuous")) t))
      (e2e-put 'broken (e2e-diagnostics))
      (e2e-goto 7 "Light")
      (e2e-put 'hover_enum (e2e-request :textDocument/hover))
      (e2e-goto 9 "light")
      (e2e-put 'definition_var (e2e-request :textDocument/definition))

      ;; Fix the name error by editing: eglot sends an incremental change.
      (e2e-goto 9 "Blue")
      (delete-char 4)
      (insert "Red")
      (e2e-command-loop)
      (e2e-put 'fixed_waited (and (e2e-wait-codes '("syntax" "vacuous") '("name")) t))
      (e2e-put 'fixed (e2e-diagnostics))

      (e2e-open (expand-file-name "bank.specl" dir))
      (e2e-put 'bank_mode (symbol-name major-mode))
      (e2e-put 'bank_managed (and eglot--managed-mode t))
      (e2e-put 'bank_flymake (and flymake-mode t))
      (e2e-put 'bank_waited (and (e2e-wait-codes '("blocked-action" "vacuous")) t))
      (e2e-put 'bank (e2e-diagnostics))
      (e2e-goto 26 "balance")
      (e2e-put 'hover_balance (e2e-request :textDocument/hover))
      (e2e-put 'definition_balance (e2e-request :textDocument/definition))

      (let ((server (eglot-current-server)))
        (eglot-shutdown server)
        (e2e-put 'shutdown (not (jsonrpc-running-p server)))))
  (error (e2e-put 'error (format "%S" err))))

(with-temp-file (getenv "SPECLS_E2E_OUT")
  (insert (json-encode e2e-out)))
(kill-emacs (if (assq 'error e2e-out) 1 0))
;;; emacs_session.el ends here
