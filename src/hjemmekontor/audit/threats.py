"""The threat model: per actor, what they can and cannot learn, and the tests that show it.

The source of truth for the table in docs/privacy.md (English, rendered by
`markdown_table`) and for the risk section of the DPIA draft (bokmål, the `*_nb`
fields; `hjemmekontor manage dpia`). docs/ is not in the package, so the rows live
here; tests/docs/test_threat_model.py keeps the document equal to `markdown_table()`
and checks that every test named exists. Say plainly what is *not* protected: a
DPIA built on a flattering table is worse than none.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Threat:
    key: str
    actor: str
    actor_nb: str
    can: str
    cannot: str
    how: str
    can_nb: str
    cannot_nb: str
    how_nb: str
    tests: tuple[str, ...]


THREATS: tuple[Threat, ...] = (
    Threat(
        key="employee",
        actor="Employee (a colleague)",
        actor_nb="Ansatt (en kollega)",
        can=(
            "Their own drafts, checklist, working-time registrations and agreements; results "
            "for the whole organisation and their own unit; action plans of their unit and "
            "the units above."
        ),
        cannot=(
            "Anyone else's answers, draft, checklist or registrations; whether a colleague "
            "answered; any figure from fewer than k people."
        ),
        how=(
            "Every view asks `accounts/roles.py` or the app's `access.py`; drafts are sealed "
            "under a key only the person's link carries; suppression below k."
        ),
        can_nb=(
            "Egne utkast, egen sjekkliste, egne arbeidstidsregistreringer og avtaler; "
            "resultater for hele virksomheten og egen enhet; handlingsplaner for egen enhet "
            "og enhetene over."
        ),
        cannot_nb=(
            "Andres svar, utkast, sjekklister eller registreringer; om en kollega har "
            "svart; tall fra færre enn k personer."
        ),
        how_nb=(
            "Hver side spør tilgangsreglene; utkast er kryptert med en nøkkel som bare "
            "finnes i personens lenke; tall under k skjules."
        ),
        tests=(
            "tests/surveys/test_access_matrix.py::test_employee_home_lists_only_their_own_open_invitations",
            "tests/hms/test_hms_access.py::test_the_employee_reads_their_own_and_parent_units_plans_but_not_other_units",
            "tests/timesheets/test_timesheets_access.py::test_no_other_role_reaches_an_employees_registration_by_changing_the_id",
            "tests/results/test_results_access.py::test_every_persona_gets_exactly_the_results_pages_their_role_allows",
        ),
    ),
    Threat(
        key="manager",
        actor="Manager",
        actor_nb="Leder",
        can=(
            "Results, checklist and agreement shares and working-time patterns of their "
            "subtree, from k people, with no subtraction between units or between "
            "consecutive snapshots; by name: the agreement register, the working-time "
            "breaches (person, rule, window) and the workplace requests employees chose to "
            "send. Not protected: a sum that weights an old snapshot's figures differently "
            "from the new one's rests on each snapshot's own suppression only "
            "(privacy-aggregates.md)."
        ),
        cannot=(
            "Anyone's answers; whether or when a person answered; an individual checklist "
            "or list of registrations; another unit's figures; one person's change by "
            "reading a page before and after it."
        ),
        how=(
            "`managed_unit_ids` bounds every query; round pages are for the adviser only; "
            "stored suppression (`results/suppression.py`) and snapshots released only in "
            "steps of at least k (`analysis/releases.py`)."
        ),
        can_nb=(
            "Resultater, andeler fra sjekklister og avtaler og arbeidstidsmønstre for egen "
            "enhet og enhetene under, fra k personer, uten at enheter eller to øyeblikksbilder "
            "kan trekkes fra hverandre; med navn: avtaleregisteret, brudd på "
            "arbeidstidsreglene (person, regel, tidsrom) og forespørsler de ansatte selv har "
            "sendt. Ikke beskyttet: en sum som vekter tallene i ett øyeblikksbilde ulikt "
            "tallene i det neste, hviler bare på hvert bildes egen skjuling."
        ),
        cannot_nb=(
            "Noens svar; om eller når en person har svart; den enkeltes sjekkliste eller "
            "registreringer; andre enheters tall; én persons endring ved å lese en side før "
            "og etter."
        ),
        how_nb=(
            "Tilgangen er avgrenset til enhetene lederen leder; rundesidene er bare for "
            "HMS-rådgiveren; lagret skjuling under k, og øyeblikksbilder som bare endres i "
            "steg på minst k personer."
        ),
        tests=(
            "tests/results/test_results_access.py::test_a_manager_cannot_reach_another_units_figures_through_any_url",
            "tests/surveys/test_access_matrix.py::test_admin_pages_are_for_the_hms_adviser_only",
            "tests/hms/test_hms_access.py::test_no_other_role_reaches_an_individual_checklist_by_changing_the_id",
            "tests/hms/test_checklist_privacy.py::test_a_manager_who_reads_before_and_after_one_employee_saves_sees_the_same_page",
            "tests/timesheets/test_oversight.py::test_breaches_are_shown_to_the_manager_of_the_unit_but_not_to_another_manager",
            "tests/timesheets/test_oversight.py::test_unit_patterns_are_shown_from_k_people_and_hidden_against_subtraction",
            "tests/analysis/test_releases.py::test_consecutive_snapshots_expose_no_one_through_any_combination_of_cells",
            "tests/analysis/test_releases.py::test_two_people_swapping_sibling_units_in_one_refresh_cannot_be_differenced",
            "tests/hms/test_checklist_privacy.py::test_moving_a_one_person_unit_to_another_department_does_not_show_that_person_by_difference",
            "tests/reports/test_reports_access.py::test_editing_the_url_never_opens_another_units_report_in_any_format",
        ),
    ),
    Threat(
        key="representative",
        actor="Safety representative (verneombud) or union representative",
        actor_nb="Verneombud eller tillitsvalgt",
        can=(
            "Results and working-time patterns of their area (the subtree of their unit) "
            "from k people; its action plans and risk assessments (comment, sign); a safety "
            "representative also reads the audit log: who exported links or answers, set a "
            "password, changed a role or tied a login to a person."
        ),
        cannot=(
            "Anyone's answers or whether they answered; individual checklists, "
            "registrations, breaches or agreements; other areas' figures."
        ),
        how=(
            "`represented_unit_ids` bounds every query; the audit log is read-only and holds "
            "no answers or links."
        ),
        can_nb=(
            "Resultater og arbeidstidsmønstre for sitt område fra k personer; områdets "
            "handlingsplaner og risikovurderinger (kommentere, signere); verneombudet leser "
            "også revisjonsloggen: hvem som har eksportert lenker eller svar, satt passord, "
            "endret roller eller knyttet en innlogging til en person."
        ),
        cannot_nb=(
            "Noens svar eller om de har svart; den enkeltes sjekkliste, registreringer, "
            "brudd eller avtaler; andre områders tall."
        ),
        how_nb=(
            "Tilgangen er avgrenset til området; revisjonsloggen kan bare leses og "
            "inneholder aldri svar eller lenker."
        ),
        tests=(
            "tests/hms/test_hms_access.py::test_every_hms_url_answers_each_persona_as_its_rule_says",
            "tests/hms/test_hms_access.py::test_no_other_role_reaches_an_individual_checklist_by_changing_the_id",
            "tests/timesheets/test_timesheets_access.py::test_every_timesheets_url_answers_each_persona_as_its_rule_says",
            "tests/audit/test_audit_access.py::test_the_audit_log_is_for_the_adviser_and_the_safety_representative_only",
            "tests/audit/test_audit_log.py::test_entries_never_hold_an_answer_link_or_an_answer",
        ),
    ),
    Threat(
        key="amu",
        actor="AMU member (working environment committee)",
        actor_nb="Medlem av arbeidsmiljøutvalget (AMU)",
        can=(
            "Results of every unit from k people; every action plan, the overdue list, the "
            "status of every risk assessment, checklist shares; the audit log."
        ),
        cannot=(
            "Anyone's answers; individual checklists, agreements, breaches or "
            "registrations; who answered."
        ),
        how="The `amu` role opens overviews and aggregates only.",
        can_nb=(
            "Resultater for alle enheter fra k personer; alle handlingsplaner, forfalte "
            "tiltak, status for alle risikovurderinger, andeler fra sjekklistene; "
            "revisjonsloggen."
        ),
        cannot_nb=(
            "Noens svar; den enkeltes sjekkliste, avtaler, brudd eller registreringer; hvem "
            "som har svart."
        ),
        how_nb="AMU-rollen gir bare oversikter og samlede tall.",
        tests=(
            "tests/hms/test_hms_access.py::test_every_hms_url_answers_each_persona_as_its_rule_says",
            "tests/hms/test_hms_access.py::test_no_other_role_reaches_an_individual_checklist_by_changing_the_id",
            "tests/audit/test_audit_access.py::test_an_amu_member_reads_the_audit_log_and_a_union_only_representative_does_not",
        ),
    ),
    Threat(
        key="adviser",
        actor="HMS adviser (administrator)",
        actor_nb="HMS-rådgiver (administrator)",
        can=(
            "The whole register (names, e-mail, employee numbers, units, roles, gender, "
            "birth year); per round and unit how many are invited and have answered while "
            "it runs, with no k threshold, so in a unit of one, whether that person "
            "answered; every breach, agreement, request and working-time basis by name; the "
            "response export after close, generalised to k; the answer links of people "
            "without e-mail (the links file, audited) or the codes on their letters (shown "
            "once, audited), and with them their drafts and the power to answer in their "
            "name; to change a person's e-mail address before a "
            "round, which sends that person's invitation elsewhere (audited)."
        ),
        cannot=(
            "Which person answered (counts only); what anyone answered; the drafts of people "
            "invited by e-mail; an individual checklist or list of registrations; the day "
            "of a submission."
        ),
        how=(
            "No page lists who answered; no key from a response to its invitation; sealed "
            "drafts; the export publishes the week or the period and no combination shared "
            "by fewer than k; exports, the links file and the letters are audited."
        ),
        can_nb=(
            "Hele personregisteret (navn, e-post, ansattnummer, enhet, roller, kjønn, "
            "fødselsår); per runde og enhet hvor mange som er invitert og har svart mens "
            "runden går, uten k-grense, så i en enhet med én person: om personen har svart; "
            "alle brudd, avtaler, forespørsler og arbeidstidsgrunnlag med navn; "
            "svareksporten etter stenging, grovere der grupper er under k; svarlenkene til "
            "personer uten e-post (lenkefila, logget) eller kodene i brevene deres (vist "
            "én gang, logget), og med dem utkastene deres og muligheten til å svare i "
            "deres navn; å endre en persons e-postadresse før en "
            "runde, så invitasjonen går et annet sted (logget)."
        ),
        cannot_nb=(
            "Hvilken person som har svart (bare antall); hva noen har svart; utkastene til "
            "dem som er invitert på e-post; den enkeltes sjekkliste eller registreringer; "
            "hvilken dag et svar kom."
        ),
        how_nb=(
            "Ingen side viser hvem som har svart; svaret har ingen kobling til invitasjonen; "
            "krypterte utkast; eksporten viser uke eller periode og ingen kombinasjon som "
            "færre enn k deler; eksport og lenkefil føres i revisjonsloggen."
        ),
        tests=(
            "tests/surveys/test_access_matrix.py::test_the_advisers_pages_are_the_same_whichever_of_two_colleagues_answered",
            "tests/surveys/test_drafts.py::test_no_admin_page_nor_the_link_export_shows_a_draft",
            "tests/surveys/test_export.py::test_links_csv_lists_only_people_without_an_email_address_and_is_audited",
            "tests/surveys/test_export.py::test_no_combination_of_published_columns_date_included_has_fewer_than_k_rows",
            "tests/surveys/test_export.py::test_a_response_export_is_audited_without_any_answer",
            "tests/audit/test_audit_log.py::test_changing_a_persons_email_address_is_audited_because_their_links_go_there",
            "tests/hms/test_hms_access.py::test_no_other_role_reaches_an_individual_checklist_by_changing_the_id",
            "tests/timesheets/test_timesheets_access.py::test_no_other_role_reaches_an_employees_registration_by_changing_the_id",
        ),
    ),
    Threat(
        key="superuser",
        actor="Django superuser",
        actor_nb="Superbruker i Django",
        can=(
            "What the adviser can; in Django's admin every user and register entry: set "
            "passwords, make staff, tie their own login to a person, and so become that "
            "person in the product (their checklist, registrations, agreements, a fresh link "
            "to their open questionnaire to answer in their name). All of this is audited, "
            "for the safety representative and the AMU to see. Not protected: with a shell "
            "on the server (`manage shell`) a superuser is a database operator, unaudited."
        ),
        cannot=(
            "Answers, drafts, invitations, checklists or registrations in Django's admin "
            "(not registered); edit or delete the audit log; open a draft saved under "
            "another link (each link has its own key)."
        ),
        how=(
            "Those models are not in Django's admin; `audit/admin.py` and "
            "`organisation/admin.py` record every user change, role change and tied login."
        ),
        can_nb=(
            "Det HMS-rådgiveren kan; i den tekniske administrasjonen alle brukere og "
            "personer: sette passord, gi administratortilgang, knytte sin egen innlogging "
            "til en person og dermed bli personen i systemet (sjekkliste, registreringer, "
            "avtaler, en ny lenke til et åpent skjema og svare i personens navn). Alt dette "
            "føres i revisjonsloggen, som verneombud og AMU leser. Ikke beskyttet: med "
            "skalltilgang på tjeneren (`manage shell`) er superbrukeren driftsansvarlig for "
            "databasen, uten logg."
        ),
        cannot_nb=(
            "Svar, utkast, invitasjoner, sjekklister eller registreringer i den tekniske "
            "administrasjonen; endre eller slette revisjonsloggen; åpne et utkast lagret med "
            "en annen lenke (hver lenke har sin egen nøkkel)."
        ),
        how_nb=(
            "Disse tabellene finnes ikke i den tekniske administrasjonen; alle endringer av "
            "brukere, roller og koblinger mellom innlogging og person logges."
        ),
        tests=(
            "tests/surveys/test_drafts.py::test_a_superuser_finds_no_answer_no_draft_and_no_invitation_in_the_django_admin",
            "tests/audit/test_audit_log.py::test_tying_a_login_to_a_person_in_the_django_admin_is_audited",
            "tests/audit/test_audit_log.py::test_a_password_set_in_the_django_admin_is_audited",
            "tests/audit/test_audit_log.py::test_making_someone_staff_in_the_django_admin_is_audited",
            "tests/surveys/test_drafts.py::test_another_link_of_the_same_invitation_can_neither_read_nor_overwrite_the_draft",
        ),
    ),
    Threat(
        key="database",
        actor="Database operator (reads the database, its files or backups)",
        actor_nb="Den som drifter databasen (leser databasen, filene eller sikkerhetskopier)",
        can=(
            "The register; who was invited, whether (not when) each answered, when "
            "invitations and reminders were sent; every response's answers with unit, "
            "gender, age group, manager flag and day, without a key to its invitation. Not "
            "protected: a response whose background no other respondent of the round shares "
            "pairs with that person's invitation (only the export generalises); watching "
            "the database while a round is open pairs each new response with the invitation "
            "marked answered with it, and rows lie in submission order until the round "
            "closes; PostgreSQL keeps deleted drafts and pre-shuffle rows until VACUUM and "
            "in its WAL; with the data folder's secret key, a new link to any invitation (to "
            "answer in a person's name); with the default mail folder, every answer link "
            "sent, and with it the draft."
        ),
        cannot=(
            "A draft without its link; after close, the order of submission or the old "
            "response ids; on SQLite, a deleted draft in the file or its WAL; the time of "
            "day; an IP address or browser."
        ),
        how=(
            "Sealed drafts (`surveys/drafts.py`); `Response` has a random id, a date and no "
            "key to the invitation; `secure_delete`, WAL checkpoints and a shuffle with new "
            "ids at close (`surveys/residue.py`)."
        ),
        can_nb=(
            "Personregisteret; hvem som er invitert, om (ikke når) hver har svart, når "
            "invitasjoner og påminnelser ble sendt; svarene med enhet, kjønn, aldersgruppe, "
            "leder og dato, uten kobling til invitasjonen. Ikke beskyttet: et svar med en "
            "bakgrunn ingen annen som svarte i runden deler, kan kobles til personens "
            "invitasjon (bare eksporten gjør bakgrunnen grovere); den som følger med i "
            "databasen mens runden går, kan koble hvert nye svar til invitasjonen som "
            "samtidig merkes som besvart, og radene ligger i innsendingsrekkefølge til "
            "runden stenges; PostgreSQL beholder slettede utkast og rader fra før "
            "stokkingen til VACUUM og i sin WAL; med den hemmelige nøkkelen i datamappen: en "
            "ny lenke til enhver invitasjon (svare i en persons navn); med standard "
            "e-postmappe: alle svarlenker som er sendt, og dermed utkastene."
        ),
        cannot_nb=(
            "Et utkast uten lenken; etter stenging rekkefølgen svarene kom i eller de gamle "
            "svar-ID-ene; på SQLite et slettet utkast i fila eller WAL-en; klokkeslett; "
            "IP-adresse eller nettleser."
        ),
        how_nb=(
            "Krypterte utkast; svaret har tilfeldig ID, bare dato og ingen kobling til "
            "invitasjonen; slettet innhold overskrives, WAL tømmes, og svarene stokkes med "
            "nye ID-er når runden stenges."
        ),
        tests=(
            "tests/surveys/test_drafts.py::test_the_draft_row_holds_ciphertext_that_only_the_link_opens",
            "tests/surveys/test_drafts.py::test_the_sqlite_files_their_wal_and_a_backup_hold_no_readable_draft",
            "tests/surveys/test_anonymity_as_stored.py::test_response_table_has_no_link_to_invitation_person_or_time",
            "tests/surveys/test_anonymity_as_stored.py::test_no_ip_address_or_user_agent_is_stored_anywhere",
            "tests/surveys/test_anonymity_as_stored.py::test_a_database_reader_can_match_a_response_whose_background_no_other_respondent_shares",
            "tests/surveys/test_residue.py::test_responses_lie_in_submission_order_until_the_round_closes",
            "tests/surveys/test_residue.py::test_closing_a_round_stores_its_responses_in_an_order_unrelated_to_submission",
            "tests/surveys/test_residue_files.py::test_after_a_submit_no_copy_of_the_draft_remains_in_the_database_or_its_wal",
            "tests/jobs/test_sending_survives_kill.py::test_the_mail_folder_keeps_each_message_to_its_owner",
        ),
    ),
    Threat(
        key="local",
        actor="Local user (another account on the server)",
        actor_nb="Lokal bruker (en annen konto på tjeneren)",
        can=(
            "What any visitor sees on the port; that the product runs. Not protected: files "
            "the operator puts outside the data folder (backups, downloaded exports) follow "
            "the operator's umask; root reads everything."
        ),
        cannot=(
            "The data folder: the SQLite database, its WAL, the secret key, the first admin "
            "password, the mail folder."
        ),
        how=(
            "The data folder and the mail folder are `0700`, their files `0600`, tightened "
            "at start where an older version left them open (`datafolder.py`)."
        ),
        can_nb=(
            "Det enhver besøkende ser på porten; at systemet kjører. Ikke beskyttet: filer "
            "driftsansvarlig legger utenfor datamappen (sikkerhetskopier, nedlastede "
            "eksporter) får driftsbrukerens umask; root leser alt."
        ),
        cannot_nb=(
            "Datamappen: SQLite-databasen, WAL-en, den hemmelige nøkkelen, det første "
            "administratorpassordet, e-postmappen."
        ),
        how_nb=(
            "Datamappen og e-postmappen kan bare leses av brukeren som kjører systemet "
            "(0700/0600), også der en eldre versjon lot dem stå åpne."
        ),
        tests=(
            "tests/surveys/test_residue_files.py::test_the_data_folder_is_0700_and_the_database_its_wal_and_the_key_0600",
            "tests/surveys/test_residue_files.py::test_files_an_older_version_left_readable_by_everyone_are_tightened",
            "tests/web/test_security.py::test_without_a_key_one_is_generated_once_and_kept_private",
            "tests/jobs/test_sending_survives_kill.py::test_the_mail_folder_keeps_each_message_to_its_owner",
        ),
    ),
    Threat(
        key="network",
        actor="Network attacker",
        actor_nb="Angriper på nettverket",
        can=(
            "Without `HJEMMEKONTOR_HTTPS` (off by default, for one machine): everything on "
            "the wire, answer links, drafts as they are typed, passwords and session "
            "cookies. With HTTPS: who talks to the server and when. Not protected: e-mail "
            "between servers without TLS (`HJEMMEKONTOR_EMAIL_USE_TLS`) carries the answer "
            "links; a distributed password guess is slowed only by Argon2."
        ),
        cannot=(
            "With HTTPS: read or change pages, take the session cookie, fall back to plain "
            "HTTP; forge or guess an answer link; post a form from another site; learn a "
            "link through the Referer header; lock a colleague out from another address."
        ),
        how=(
            "Secure, HttpOnly cookies, HSTS and a redirect with HTTPS; HMAC-signed links; "
            "CSRF tokens; `Referrer-Policy: same-origin`; a strict CSP; login lockout per "
            "user name and address."
        ),
        can_nb=(
            "Uten `HJEMMEKONTOR_HTTPS` (av som standard, for én maskin): alt som går over "
            "nettet, svarlenker, utkast mens de skrives, passord og innloggingen. Med HTTPS: "
            "hvem som kobler seg til, og når. Ikke beskyttet: e-post mellom tjenere uten TLS "
            "(`HJEMMEKONTOR_EMAIL_USE_TLS`) bærer svarlenkene; gjetting av passord fra mange "
            "adresser bremses bare av Argon2."
        ),
        cannot_nb=(
            "Med HTTPS: lese eller endre sider, ta innloggingen, falle tilbake til HTTP; "
            "forfalske eller gjette en svarlenke; sende skjemaer fra et annet nettsted; få "
            "lenken gjennom Referer; sperre ute en kollega fra en annen adresse."
        ),
        how_nb=(
            "Sikre informasjonskapsler, HSTS og omdirigering med HTTPS; signerte lenker; "
            "CSRF-vern; streng Referrer-Policy og CSP; sperre etter gjentatte feil passord "
            "per brukernavn og adresse."
        ),
        tests=(
            "tests/web/test_security.py::test_behind_https_cookies_are_secure_plain_http_is_redirected_and_hsts_is_sent",
            "tests/web/test_security.py::test_answer_pages_are_not_cached_and_send_no_referrer",
            "tests/web/test_security.py::test_forms_are_protected_against_cross_site_requests",
            "tests/web/test_security.py::test_every_page_has_a_strict_content_security_policy",
            "tests/surveys/test_answering.py::test_a_tampered_link_with_a_valid_id_but_wrong_signature_is_refused",
            "tests/web/test_login_throttling.py::test_forty_wrong_passwords_lock_the_login_even_for_the_right_password",
            "tests/web/test_login_throttling.py::test_the_lock_holds_one_user_name_from_one_address_only",
        ),
    ),
    Threat(
        key="link",
        actor="Holder of a personal answer link",
        actor_nb="Den som har en personlig svarlenke",
        can=(
            "Until it is submitted, that link's draft: read it, change it, submit it in the "
            "person's name. Whoever reads the person's e-mail, a forwarded message or the "
            "links file holds the link."
        ),
        cannot=(
            "A draft saved under another link of the same invitation; anything once it is "
            "submitted; another invitation by editing the link."
        ),
        how=(
            "Each link carries its own draft key; the link is HMAC-signed over the key; a "
            "submitted invitation only says “already answered”."
        ),
        can_nb=(
            "Til det er sendt inn, utkastet til den lenken: lese det, endre det, sende det "
            "inn i personens navn. Den som leser personens e-post, en videresendt melding "
            "eller lenkefila, har lenken."
        ),
        cannot_nb=(
            "Et utkast lagret med en annen lenke til samme invitasjon; noe som helst etter "
            "innsending; en annen invitasjon ved å endre lenken."
        ),
        how_nb=(
            "Hver lenke har sin egen nøkkel til utkastet og er signert; etter innsending "
            "viser lenken bare «du har allerede svart»."
        ),
        tests=(
            "tests/surveys/test_access_matrix.py::test_answer_links_work_for_whoever_holds_them_and_only_for_their_invitation",
            "tests/surveys/test_drafts.py::test_another_link_of_the_same_invitation_can_neither_read_nor_overwrite_the_draft",
            "tests/surveys/test_drafts.py::test_a_link_whose_draft_secret_is_altered_is_refused",
            "tests/surveys/test_answering.py::test_the_back_button_after_submitting_shows_already_answered",
        ),
    ),
    Threat(
        key="letter",
        actor="Holder of a printed letter's code, and the next person on a kiosk tablet",
        actor_nb="Den som har koden i et brev, og nestemann på et nettbrett i kiosk-modus",
        can=(
            "With the code, once: a fresh answer link to that invitation, and with it the "
            "draft saved under that link. Not protected: a letter left lying about is a "
            "link; without JavaScript on the tablet, an unsent page stays on the screen "
            "until its refresh."
        ),
        cannot=(
            "Use a spent code again; guess a code (about 56 bits, ten wrong tries per "
            "address per quarter of an hour); read the printed codes from the database; on "
            "a kiosk, the previous respondent's page or draft once they sent, pressed "
            "«Avslutt» or left it."
        ),
        how=(
            "Codes are stored only as an HMAC under a key from the secret key, spent in the "
            "transaction that checks them, and limited per address (`surveys/codes.py`); "
            "the kiosk empties its session and gives the invitation a new public id, so "
            "the links in its history stop working (`surveys/codeentry.py`)."
        ),
        can_nb=(
            "Med koden, én gang: en ny svarlenke til den invitasjonen, og med den utkastet "
            "som lagres med lenken. Ikke beskyttet: et brev som blir liggende, er en lenke; "
            "uten JavaScript på nettbrettet blir en side som ikke er sendt, stående på "
            "skjermen til den oppdateres."
        ),
        cannot_nb=(
            "Bruke en brukt kode igjen; gjette en kode (om lag 56 biter, ti feil forsøk per "
            "adresse per kvarter); lese kodene i brevene fra databasen; på et nettbrett, "
            "forrige persons side eller utkast etter at hen sendte inn, trykket «Avslutt» "
            "eller gikk fra det."
        ),
        how_nb=(
            "Kodene lagres bare som HMAC, brukes opp i samme transaksjon som de sjekkes, og "
            "feil forsøk begrenses per adresse; nettbrettet tømmer økten og gir "
            "invitasjonen ny offentlig id, så lenkene i historikken slutter å virke."
        ),
        tests=(
            "tests/surveys/test_letters.py::test_a_code_opens_the_answers_once_and_is_refused_the_second_time",
            "tests/surveys/test_letters.py::test_wrong_codes_are_limited_per_address_and_a_right_one_then_waits_too",
            "tests/surveys/test_letters.py::test_the_admin_gets_one_letter_per_invitation_without_email_once_and_it_is_audited",
            "tests/surveys/test_letters.py::test_the_kiosk_forgets_the_respondent_so_the_next_one_cannot_go_back",
            "tests/surveys/test_kiosk_browser.py::test_the_tablet_forgets_the_first_respondent_before_the_next",
        ),
    ),
    Threat(
        key="apikey",
        actor="Holder of an API key",
        actor_nb="Den som har en API-nøkkel",
        can=(
            "What the key's owner reads on the results pages and in the action plans, as "
            "JSON, until the key expires, is revoked or its owner is deactivated."
        ),
        cannot=(
            "Anything the owner's pages do not show; a figure the pages hide; an open "
            "round's live figures; anything with a browser session or without a valid key; "
            "more than the key's requests a minute."
        ),
        how=(
            "Every figure comes from the pages' own functions with the key's user as "
            "viewer (`api/endpoints.py`); keys are 256 random bits stored as SHA-256, "
            "expiring and revocable, counted per minute in the database."
        ),
        can_nb=(
            "Det eieren av nøkkelen ser på resultatsidene og i handlingsplanene, som JSON, "
            "til nøkkelen utløper, trekkes tilbake eller eieren deaktiveres."
        ),
        cannot_nb=(
            "Noe eierens sider ikke viser; et tall sidene skjuler; løpende tall fra en åpen "
            "runde; noe som helst med en nettleserøkt eller uten gyldig nøkkel; flere "
            "forespørsler i minuttet enn nøkkelen har."
        ),
        how_nb=(
            "Hvert tall kommer fra sidenes egne funksjoner med nøkkelens bruker som leser; "
            "nøklene er 256 tilfeldige biter lagret som SHA-256, utløper, kan trekkes "
            "tilbake og telles per minutt i databasen."
        ),
        tests=(
            "tests/api/test_api.py::test_every_persona_reads_exactly_what_their_results_pages_show",
            "tests/api/test_api.py::test_no_valid_key_no_data",
            "tests/api/test_api.py::test_a_key_answers_429_once_its_requests_for_the_minute_are_used",
            "tests/api/test_api_access.py::test_every_api_url_answers_each_persona_with_their_own_key_as_their_role_allows",
        ),
    ),
)


def markdown_table() -> str:
    """The table as it stands in docs/privacy.md (English), one row per actor."""
    lines = [
        "| Who | Can learn | Cannot learn | How it is prevented | Tests that show it |",
        "|---|---|---|---|---|",
    ]
    for threat in THREATS:
        tests = "<br>".join(f"`{test}`" for test in threat.tests)
        cells = [f"**{threat.actor}**", threat.can, threat.cannot, threat.how, tests]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
