"""Who asserts a passage: the speaker (not the outlet carrying the words),
unnamed speakers by party and role, all from the catalogue's people and
parties. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import pytest

from tracker.domain.catalogue import parse_catalogue
from tracker.domain.claimants import Claim, Speakers, extract_claim, same_speaker
from tracker.domain.models import Agreement, Catalogue, Party, Person

ROOT = Path(__file__).resolve().parent.parent
TEAM = "UN Analytical Support and Sanctions Monitoring Team"


@lru_cache(maxsize=1)
def speakers() -> Speakers:
    return Speakers.for_catalogue(parse_catalogue((ROOT / "obligations.yaml").read_text(encoding="utf-8")))


def claim(passage: str, context: str = "") -> Claim:
    return extract_claim(passage, context, speakers())


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        # Reported speech: the speaker, via the outlet.
        ("According to CNN, the UN Monitoring Team said the group kept close ties with al-Qaeda.",
         Claim(TEAM, None, "CNN")),
        ("Reuters reported that Zabihullah Mujahid said the talks would resume.",
         Claim("Taliban spokesman Zabihullah Mujahid", "taliban", "Reuters")),
        # The outlet asserting the fact itself is the claimant.
        ("About 8,600 troops remained last week, according to Reuters.", Claim("Reuters", None, None)),
        ("Reuters reported that about 8,000 U.S. troops remained in the country.", Claim("Reuters", None, None)),
        # Unnamed speakers by party and role, through the party's aliases.
        ("An insurgent spokesman said the prisoners had been freed.", Claim("Taliban spokesman", "taliban", None)),
        # An office's watchdog is a role as a spokesman is.
        ("The Pentagon inspector general said the group kept ties with its old allies.",
         Claim("Pentagon inspector general", "us", None)),
        ("A spokesman for the insurgents denied the attack.", Claim("Taliban spokesman", "taliban", None)),
        ("Two U.S. officials said the units had left two bases.", Claim("US officials", "us", None)),
        ("A senior Afghan official said the release would begin on Saturday.",
         Claim("Afghan official", "afghan-government", None)),
        # Named people from the catalogue, with their party.
        ("Shaheen said the group was fully committed to the agreement.",
         Claim("Taliban spokesman Suhail Shaheen", "taliban", None)),
        ("A spokesman for U.S. forces, Col. Sonny Leggett, said the strike was defensive.",
         Claim("Col. Sonny Leggett", "us", None)),
        # Someone the catalogue does not know, named in the sentence.
        ("Abdullah Abdullah, who leads the negotiating team, said a ceasefire would come first.",
         Claim("Abdullah Abdullah", None, None)),
        ("The talks will resume next week.", Claim()),
        # An unnamed speaker right before the verb speaks; the party named
        # earlier in the sentence is what they speak about.
        ("Government troops killed 20 Taliban fighters near Ghazni, a military spokesman said.",
         Claim("military spokesman", None, None)),
        ("Taliban gunmen attacked a police post overnight, officials said.", Claim("officials", None, None)),
        ("Insurgents freed 40 soldiers on Monday, two senior officials said.",
         Claim("two senior officials", None, None)),
        ("Insurgents freed 40 soldiers on Monday, Afghan officials said.",
         Claim("Afghan officials", "afghan-government", None)),
    ],
)
def test_claimant(passage: str, expected: Claim) -> None:
    assert claim(passage) == expected


def test_the_monitors_via_the_outlet_that_reports_them() -> None:
    context = "The UN Monitoring Team sent its report to the Security Council."
    assert claim("The monitors found that both groups met six times, CNN reported.", context) == Claim(TEAM, None, "CNN")


def test_a_pronoun_is_the_last_person_named() -> None:
    context = "Zalmay Khalilzad met the negotiators in Doha on Monday."
    assert claim("He said progress had been made.", context).claimant == "US envoy Zalmay Khalilzad"


def test_a_body_by_its_common_noun_is_the_one_named_before() -> None:
    context = "The Directorate of Border Police said on Friday that it had arrested two couriers."
    assert claim("The directorate said both carried forged papers.", context).claimant == "Directorate of Border Police"
    assert claim("The directorate said both carried forged papers.").claimant == "The directorate"


def test_the_report_is_the_body_only_where_the_article_names_it() -> None:
    passage = "The report said the group hosts foreign fighters."
    assert claim(passage).claimant is None
    assert claim(passage, "The UN Monitoring Team published its annual assessment.").claimant == TEAM


def test_people_come_from_the_catalogue() -> None:
    """Another agreement, other people: nothing about them is in the code."""
    other = Catalogue(
        agreements=(Agreement(
            id="lakeshore", title="Lakeshore Accord", signed_on=dt.date(2031, 5, 1), parties=("river", "hill"),
            people=(Person(name="Mara Quill", aliases=("Quill",), party="river", role="River Council envoy"),),
        ),),
        parties=(Party(id="river", name="River Council", aliases=("riverfolk",)),
                 Party(id="hill", name="Hill League")),
        obligations=(),
    )
    found = extract_claim("Quill told reporters the dam would open.", "", Speakers.for_catalogue(other))
    assert found == Claim("River Council envoy Mara Quill", "river", None)
    unnamed = extract_claim("A riverfolk spokesman said the gates were shut.", "", Speakers.for_catalogue(other))
    assert unnamed == Claim("River Council spokesman", "river", None)
    assert claim("Quill told reporters the dam would open.").party is None


def test_whoever_holds_an_office_of_one_party_speaks_for_it() -> None:
    """The catalogue's people say which offices are whose: another holder of
    the same office ("Harbour Secretary Ola Tamm", however it is written, and by name) speaks
    for that party; a one-word title ("Captain") says nothing of the party."""
    other = Catalogue(
        agreements=(Agreement(
            id="lakeshore", title="Lakeshore Accord", signed_on=dt.date(2031, 5, 1), parties=("river", "hill"),
            people=(Person(name="Mara Quill", aliases=("Quill",), party="river", role="Harbour Secretary"),
                    Person(name="Ivo Brandt", aliases=("Brandt",), party="hill", role="Captain"),
                    Person(name="Lena Holt", aliases=("Holt",), party="river", role="Captain")),
        ),),
        parties=(Party(id="river", name="River Council"), Party(id="hill", name="Hill League")),
        obligations=(),
    )
    speakers = Speakers.for_catalogue(other)
    assert extract_claim("Harbour Secretary Ola Tamm said the dam would open.", "", speakers).party == "river"
    assert extract_claim("Ola Tamm, the acting harbour secretary, said the gates were shut.", "", speakers) == Claim(
        "Ola Tamm, the acting harbour secretary", "river", None)
    assert extract_claim("Captain Ola Tamm said the gates were shut.", "", speakers).party is None


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        # A person named after their role or body speaks, not the body.
        ("Taliban spokesman Nasir Kabiri rejected the account on Friday.",
         Claim("Taliban spokesman Nasir Kabiri", "taliban", None)),
        ("Pentagon press secretary Dana Holt told reporters the funds would keep flowing.",
         Claim("Pentagon press secretary Dana Holt", "us", None)),
        # A title in commas after a name is not the speaker.
        ("Air Marshal Peter Voss, head of U.S. Central Command, told reporters the count had fallen.",
         Claim("Air Marshal Peter Voss, head of U.S. Central Command", None, None)),
        # A longer proper name that holds an alias is another body.
        ("The country's National Security Council said it had freed 200 inmates.",
         Claim("National Security Council", None, None)),
        # The party by a common noun of the catalogue ("insurgents").
        ("The insurgents said the raid broke the agreement.", Claim("Taliban", "taliban", None)),
        # An unnamed speaker after the quotation they speak.
        ("\u201cThe bases are empty now,\u201d a senior military official said.",
         Claim("senior military official", None, None)),
        # Who the people are is in what follows them.
        ("The list puts the truce last, according to three people briefed on the papers.",
         Claim("three people briefed on the papers", None, None)),
        # The body an unnamed speaker speaks at.
        ("At the Treasury, a spokeswoman said the review had begun.", Claim("Treasury spokeswoman", None, None)),
        # A role without a name speaks; the day after the verb is when, not who.
        ("The count has fallen to 3,100, the acting navy secretary said Friday.",
         Claim("acting navy secretary", None, None)),
        # Whose the unnamed speakers are, and the party named among them.
        ("The second round opened on Monday, members of the government team said.",
         Claim("members of the government team", None, None)),
        ("A truce would be discussed later, a member of the Taliban team said.",
         Claim("member of the Taliban team", "taliban", None)),
        # More verbs of speech, and bodies the catalogue does not know.
        ("The count is near $3 billion, a Pentagon official testified.", Claim("Pentagon official", "us", None)),
        ("Coalition Air Command replied that the strikes were defensive.", Claim("Coalition Air Command", None, None)),
        # the people who wrote or checked a report
        ("The group still shelters foreign fighters, the experts said.", Claim("experts", None, None)),
        # An unnamed speaker and a clause or an aside between them and the verb.
        ("A senior administration official, who was not authorised to speak, said the rebels had not cut ties "
         "with the network, whose men still move among rebel fighters.",
         Claim("senior administration official", None, None)),
        ("A State Department official, speaking on condition of anonymity, said the review had begun.",
         Claim("State Department official", "us", None)),
        ("The Taliban, for their part, say they have freed the soldiers.", Claim("Taliban", "taliban", None)),
        # A body's people speak, not the body; a correspondent covers it.
        ("Pentagon officials said the count would fall.", Claim("Pentagon officials", "us", None)),
        ("The Pentagon correspondent said the count would fall.", Claim("Pentagon correspondent", None, None)),
        ("Pentagon spokesman Rob Lane told reporters the count had fallen.",
         Claim("Pentagon spokesman Rob Lane", "us", None)),
        # A role, then the name in commas.
        ("A Taliban spokesman in Doha, Omar Saleh, said the group was ready.",
         Claim("Taliban spokesman Omar Saleh", "taliban", None)),
        ("Afghan defence ministry officials said the base was handed over.",
         Claim("Afghan defence ministry officials", "afghan-government", None)),
        # A chairman in commas is a title, not a speaker named "Staff".
        ("Gen. Ann Berg, chairman of the Joint Chiefs of Staff, said the count had fallen.",
         Claim("Gen. Ann Berg, chairman of the Joint Chiefs of Staff", None, None)),
        # A body by its common noun; capitalised roles at the start.
        ("The council said it stood ready to review the list.", Claim("The council", None, None)),
        ("Officials said 100 prisoners were freed.", Claim("Officials", None, None)),
        # A name, then the group's own role in commas: the person, by that role.
        ("Omar Saleh, the Taliban's spokesman in Doha, said the group would not allow it.",
         Claim("Taliban spokesman Omar Saleh", "taliban", None)),
        ("In Kabul, the Taliban's spokesman said the group would not allow it.", Claim("Taliban", "taliban", None)),
        ("A Pentagon spokesman, Jon Lane, said the count had fallen.", Claim("Pentagon spokesman Jon Lane", "us", None)),
        # An adverb between a party and its verb of speech.
        ("The Taliban have repeatedly stated that no foreign group works from their areas.",
         Claim("Taliban", "taliban", None)),
        # An office the catalogue knows, then who holds it: the person, for the office's party.
        ("State Department spokesman Tom Avery said the review had not started.",
         Claim("State Department spokesperson Tom Avery", "us", None)),
        # A possessive title names the party the person speaks for.
        ("The Taliban's deputy leader, Karim Nadiri, wrote that the group would keep its word.",
         Claim("Taliban deputy leader Karim Nadiri", "taliban", None)),
        ("The Taliban's political office spokesman, Omar Saleh, tweeted that the talks had resumed.",
         Claim("Taliban political office spokesman Omar Saleh", "taliban", None)),
        # Unnamed people by what they know, not the party their words are about.
        ("Two diplomats familiar with the talks said the Taliban had rejected the agenda.",
         Claim("Two diplomats familiar with the talks", None, None)),
        # A body with the tail of its name; a party's title with a word joined by a hyphen.
        ("The Afghan Ministry of Defense said in a statement that fighters attacked 20 checkpoints.",
         Claim("The Afghan Ministry of Defense", "afghan-government", None)),
        ("The Taliban's Qatar-based spokesman said the group would not attend the conference.",
         Claim("Taliban's Qatar-based spokesman", "taliban", None)),
        ("Mr Ghani's spokesman, Farid Wali, said the decree was signed.",
         Claim("Ghani's spokesman Farid Wali", "afghan-government", None)),
        # A statement "from" a party is the party's; a body by its common noun, with the party its adjective names.
        ("A statement from the Islamic Emirate said no one would be allowed to use the soil.",
         Claim("Islamic Emirate", "taliban", None)),
        ("The Afghan presidential palace said in a statement that the last 400 would stay in jail.",
         Claim("The Afghan presidential palace", "afghan-government", None)),
        ("The State Department said the envoy would travel to Doha this week.", Claim("State Department", "us", None)),
        # The body that votes the money speaks for its party.
        ("Congress said the funds for the Afghan army would keep flowing.", Claim("US Congress", "us", None)),
        # An aside in commas does not part a party from its verb.
        ("The Taliban, in a statement posted online, denied that foreign fighters trained in their areas.",
         Claim("Taliban", "taliban", None)),
        # An office the title gives to a party: its holder speaks for it.
        ("Afghan Vice President Laila Noor wrote that the group had not cut its ties.",
         Claim("Afghan Vice President Laila Noor", "afghan-government", None)),
        ("NATO Secretary General Piet Holm said the allies would leave together.",
         Claim("NATO Secretary General Piet Holm", "coalition", None)),
    ],
)
def test_who_speaks_in_news_grammar(passage: str, expected: Claim) -> None:
    assert claim(passage) == expected


def test_the_evaluation_matches_a_speaker_however_it_is_spelled() -> None:
    known = speakers()
    assert same_speaker("Col. Sonny Leggett", "Sonny Leggett", known)
    assert same_speaker("Taliban spokesman Zabihullah Mujahid", "Zabihullah Mujahid", known)
    assert same_speaker("US official", "U.S. official", known)
    assert same_speaker(TEAM, "UN Monitoring Team", known)
    assert same_speaker("Kirby", "John Kirby", known)
    # a middle name or initial does not make another person; a body's name is no person's
    assert same_speaker("Jonathan Rath Hoffman", "Pentagon press secretary Jonathan Hoffman", known)
    assert same_speaker("Mark A. Milley", "General Mark Milley", known)
    assert not same_speaker("Jane Roe", "John Roe", known)
    assert not same_speaker("UN Security Council", "Afghan Security Council", known)
    # how many speak does not change who they are
    assert same_speaker("US officials", "two US officials", known)
    assert same_speaker("American officials", "US officials", known)
    # how an office is held, and one person however introduced
    assert same_speaker("Defense Secretary Jane Roe", "acting Defense Secretary Jane Roe", known)
    assert same_speaker("Taliban spokesman Zabihullah Mujahid", "the group's spokesman, Zabihullah Mujahid", known)
    # one person by full name, whatever share of the title each gives
    assert same_speaker("Secretary Jane Roe", "Pentagon Press Secretary Jane Roe", known)
    assert same_speaker("Jane Roe", "State Department spokesperson Jane Roe", known)
    assert not same_speaker("Jane Roe", "John Roe", known)
    assert not same_speaker("Pentagon spokesman", "Pentagon spokesman Jane Roe", known)
    # the name before an apposition ("Jane Roe, a spokeswoman for the council") is the speaker
    assert same_speaker("Jane Roe", "Jane Roe, a spokeswoman for the council", known)
    assert not same_speaker("John Roe", "Jane Roe, a spokeswoman for the council", known)
    assert same_speaker("Jane Roe, a spokeswoman for the council", "council spokeswoman Jane Roe", known)
    # a body speaks through its document ("the UN Monitoring Team report")
    assert same_speaker(TEAM, "the UN Monitoring Team report", known)
    assert not same_speaker("US Congress", "the UN Monitoring Team report", known)
    # the body and what the article calls it once named
    assert same_speaker(TEAM, "The report", known)
    # A less specific or another speaker is not the same one.
    assert not same_speaker("Security Council", "National Security Council", known)
    assert not same_speaker("Taliban leaders", "two diplomats", known)
    assert not same_speaker(None, "Taliban", known)
    assert same_speaker(None, None, known)


def test_an_unnamed_speaker_is_the_one_named_before() -> None:
    """ "The officials said" after "Afghan officials said": the same people;
    "the spokesperson" after "a State Department spokesperson"."""
    context = "Afghan officials said on Monday that 200 prisoners had been freed. "
    assert claim("The officials said the rest would follow.", context) == Claim(
        "Afghan officials", "afghan-government", None)
    context = "A State Department spokesperson said the review had begun. "
    assert claim("The spokesperson said the lists were being checked.", context).claimant == \
        "State Department spokesperson"
    officials = "Afghan officials said on Monday that 200 prisoners had been freed. "
    assert claim("Five bases were handed over, one of the officials said.", officials) == Claim(
        "Afghan officials", "afghan-government", None)
    assert claim("Five bases were handed over, one of the officials said.").claimant == "one of the officials"
    # with nobody named before, the role alone
    assert claim("The officials said the rest would follow.").claimant == "officials"



def test_they_are_the_speakers_named_before() -> None:
    """ "they said" refers to the last speakers of the article that are more
    than one; after a single speaker, or none, nobody is guessed."""
    context = "Two diplomats in Doha said on Monday that the talks had stalled. "
    assert claim("The next round would wait for a new list, they said.", context).claimant == "Two diplomats in Doha"
    single = "A Taliban spokesman said on Monday that the talks had stalled. "
    assert claim("The next round would wait for a new list, they said.", single).claimant is None
    assert claim("The next round would wait for a new list, they said.").claimant is None


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        # "told" is followed by the listener, not the speaker
        ("President Joe Biden told Ashraf Ghani on Friday that the aid would continue.",
         Claim("President Joe Biden", "us", None)),
        ("The Taliban called the raids a violation of the agreement.", Claim("Taliban", "taliban", None)),
        ("The Taliban's political office in Doha has said the names should go.", Claim("Taliban", "taliban", None)),
        ("The talks resumed on Monday, though officials said little had changed.", Claim("officials", None, None)),
        ("Leaders are weighing a faster pullout, according to two sources who asked not to be named.",
         Claim("two sources", None, None)),
        ("A State Department official said on Saturday that the review had not begun.",
         Claim("State Department official", "us", None)),
        ("Rana Qadir, a spokesman for the insurgents' political office, said the report was wrong.",
         Claim("Rana Qadir, a spokesman for the insurgents' political office", None, None)),
        # the person the "according to" phrase ends with, not the body it starts with
        ("The strike was defensive, according to U.S. Forces in Afghanistan Spokesman Col. Sonny Leggett.",
         Claim("Col. Sonny Leggett", "us", None)),
    ],
)
def test_speech_verbs_and_their_speakers(passage: str, expected: Claim) -> None:
    assert claim(passage) == expected


def test_he_is_the_last_speaker_named_even_one_the_catalogue_does_not_know() -> None:
    context = ("President Donald Trump has said he wants the troops home. In Doha, Omar Saleh, a spokesman for "
               "the movement, said on Thursday that the group was ready.")
    assert claim("He accused U.S. forces of breaching the deal.", context).claimant == "Omar Saleh"
    earlier = "In Doha, Omar Saleh said the group was ready. President Donald Trump said he wants the troops home."
    assert claim("He accused the rebels of stalling.", earlier).claimant == "President Donald Trump"


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        ("Omar Saleh, a spokesman for the National Security Council, said the men were freed.",
         "Omar Saleh, a spokesman for the National Security Council"),
        ("Gen. Ann Berg, chairman of the Joint Chiefs of Staff, said the withdrawal was half done.",
         "Gen. Ann Berg, chairman of the Joint Chiefs of Staff"),
        ("Norway's defence minister, Ann Berg, said the last soldiers would leave in June.",
         "Norway's defence minister Ann Berg"),
        # a bare name stays bare
        ("Ann Berg said the last soldiers would leave in June.", "Ann Berg"),
    ],
)
def test_a_name_the_catalogue_does_not_know_keeps_its_title(passage: str, expected: str) -> None:
    assert claim(passage).claimant == expected


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        # a name, then its title in commas: the named person
        ("Zabihullah Mujahid, a Taliban spokesman, wrote that any delay would be a breach.",
         "Taliban spokesman Zabihullah Mujahid"),
        # a body's spokesman named without commas
        ("National Security Council spokesman Omar Saleh said 4,600 men had been freed.",
         "National Security Council spokesman Omar Saleh"),
        # where an unnamed speaker is
        ("A NATO official in Brussels said the allies had cut their numbers.", "NATO official in Brussels"),
    ],
)
def test_titles_and_places_stay_with_the_speaker(passage: str, expected: str) -> None:
    assert claim(passage).claimant == expected


def test_bare_officials_speak_for_the_government_the_sentence_opens_with() -> None:
    """ "The Afghan government freed 60 detainees, officials said": whose
    officials the passage means; another subject says nothing of them."""
    assert claim("The Afghan government freed 60 detainees from a jail in Herat, officials said.") == Claim(
        "Afghan officials", "afghan-government", None)
    assert claim("KABUL (Wire) - Afghan authorities let 40 more men go on Friday, senior officials said.") == Claim(
        "senior Afghan officials", "afghan-government", None)
    assert claim("The Taliban overran a district centre on Sunday, officials said.").party is None


def test_member_states_opening_a_sentence_are_the_speakers() -> None:
    assert claim("Member states told the panel that the camps were still open.").claimant == "Member states"


def test_people_in_a_place_a_party_is_named_after_are_the_speakers() -> None:
    """ "diplomats in Kabul said" are diplomats, not the Afghan government;
    officials in a capital are its government's."""
    assert claim("The date passed without a meeting, diplomats in Kabul said.") == Claim("diplomats in Kabul", None, None)
    assert claim("Officials in Washington said the review had begun.").party == "us"


def test_a_speaker_is_one_however_its_patterns_are_split() -> None:
    """Aliases with a plain word ("United States") and without ("U.S.") are
    searched apart, for speed: they still name one speaker."""
    assert same_speaker("U.S.", "United States", speakers())
    assert claim("U.S. officials said the cut was done.").party == "us"
    assert claim("The United States said the cut was done.").party == "us"


def test_a_transcript_paragraph_is_its_speaker_s() -> None:
    intro = "WASHINGTON - Pentagon spokeswoman Jane Roe opened the briefing on Monday.\n\n"
    assert claim("MS. ROE: The drawdown is on schedule.", intro).claimant == "Jane Roe"
    # later sentences of the same paragraph too
    assert claim("Nothing has changed since.", intro + "MS. ROE: The drawdown is on schedule. ").claimant == "Jane Roe"
    # a catalogue speaker by the surname in capitals
    envoy = claim("KHALILZAD: We see no sign of a slowdown.", "TRANSCRIPT of the hearing\n\n")
    assert envoy.claimant == "US envoy Zalmay Khalilzad" and envoy.party == "us"
    # an office the article writes out
    office = "Excerpts from the Pentagon press secretary's briefing follow.\n\n"
    assert claim("PRESS SECRETARY: Five bases were handed over.", office).claimant == "the Pentagon press secretary"
    # an office the article does not write out: as the label gives it
    assert claim("SENIOR DEFENSE OFFICIAL: We are at 8,600.", "Background briefing\n\n").claimant == (
        "senior defense official")
    # a title and a name the article writes out nowhere: that person
    assert claim("GENERAL HOLT: We are at 8,600.", "Briefing transcript\n\n").claimant == "General Holt"
    assert claim("MS. QUILL: The bases are empty.", "Briefing transcript\n\n").claimant == "Ms. Quill"
    # the name on the line before is not part of it
    header = "Department Press Briefing \u2014 Telephonic\nMorgan Quill, Department Spokesperson\n\n"
    assert claim("MS. QUILL: The bases are empty.", header).claimant == "Morgan Quill"
    # whoever asks, a newsletter's topic and the outlet's own correspondent claim nothing
    assert claim("Q: Has the drawdown slowed?", intro).claimant is None
    assert claim("WEATHER: Rain is expected in Afghanistan this week.", "Afghanistan is cold.\n\n").claimant is None
    anchor = "ANCHOR: Our correspondent Sam Poe is in Kabul. Sam?\n\n"
    assert claim("POE: The city is quiet tonight.", anchor).claimant is None
    # the paragraph's own attribution still wins
    assert claim("MS. ROE: Taliban spokesman Zabihullah Mujahid said the talks would resume.", intro).claimant == (
        "Taliban spokesman Zabihullah Mujahid")


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        # a catalogue body's name in lower case after its first word
        ("The group met al-Qaeda envoys twice, the UN monitoring team said in its report.",
         "UN Analytical Support and Sanctions Monitoring Team"),
        # "of the" inside a body's name
        ("About 750 inmates have been freed, according to the Office of the National Security Council.",
         "Office of the National Security Council"),
        # a document as the subject: its author
        ("A report by the US Treasury released last month said the network was growing.", "US Treasury Department"),
        ("An assessment by the Treasury Department earlier this month concluded that the network was growing.",
         "Treasury Department"),
        ("A Pentagon statement said training would go on.", "Pentagon"),
        # a report verb after a body the catalogue does not know
        ("The Treasury Department concluded that the network was growing.", "US Treasury Department"),
        # an unnamed speaker right after a dateline
        ("KABUL (Example Wire) - Officials said on Sunday that about 3,000 prisoners have been freed.", "Officials"),
        # whom the speaker travels with is not the speaker
        ("A senior official travelling with Mr Roe said the review would proceed in step.", None),
        # an aside citing a source is not the speaker
        ("The inspector general, citing the intelligence agency, said the network was growing.",
         "inspector general"),
    ],
)
def test_bodies_and_documents_as_speakers(passage: str, expected: str | None) -> None:
    assert claim(passage).claimant == expected


def test_a_catalogue_speaker_with_an_article_is_the_same_speaker() -> None:
    """An analyst writes "a State Department spokesman"; the catalogue calls
    the office "State Department spokesperson": one speaker."""
    assert same_speaker("State Department spokesperson", "a State Department spokesman", speakers())
    assert not same_speaker("State Department spokesperson", "a Pentagon spokesman", speakers())


def test_an_embedded_post_is_its_authors_claim() -> None:
    post = "Our fighters were bombed while they attacked no one. The other side broke its word."
    signature = "\n\u2014 Ruhullah Amin (@ruhullah_amin) March 5, 2020\n\nOfficials said the strike was defensive."
    # every sentence of the post, whatever it says itself
    assert extract_claim(post.split(". ")[1], post.split(". ")[0], speakers(), after=signature).claimant == "Ruhullah Amin"
    # a known person, by the catalogue's name and party, and a name in two scripts
    known = extract_claim(post, "", speakers(), after="\n\u2014 Zabihullah (..\u0630\u0628\u06cc\u062d) Mujahid (@zm) March 5, 2020")
    assert known == Claim("Taliban spokesman Zabihullah Mujahid", "taliban", None)
    # no signature below: the passage's own speaker
    assert extract_claim("The envoy said the strike was defensive.", "", speakers(), after="\nMore later.").claimant != \
        "Ruhullah Amin"


def test_a_surname_the_catalogue_knows_inside_another_name_is_not_that_person() -> None:
    found = claim("The rebels' envoy, Abdul Ghani Rahimi, told reporters the deal held.")
    assert found.claimant is not None and "Rahimi" in found.claimant and found.claimant != "President Ashraf Ghani"
    # ... while a title, a date or the start of a sentence before it keeps it the person
    assert claim("President Ghani said the decree was signed.").claimant == "President Ashraf Ghani"
    assert claim("In April Biden said the last troops would leave by September.").claimant == "President Joe Biden"
    assert claim("While Pompeo said the deal was working, others disagreed.").claimant == "Secretary of State Mike Pompeo"


def test_a_transcript_turn_goes_on_over_paragraphs_and_answers_are_the_interviewees() -> None:
    briefing = ("Press briefing\n\nMR. HOLT: Good morning. A few items to start.\n\nQ: Any news on the bases?\n\n"
                "MR. HOLT: Yes, two items.\n\nSecond, on the drawdown. ")
    assert claim("I can confirm the force is at about 8,600.", briefing).claimant == "Mr. Holt"
    # ... and a question goes on as a question: nobody's claim
    asked = briefing + "\n\nQ: And the rest?\n\nA follow-up. "
    assert claim("Is it true the last base was handed over?", asked).claimant is None
    interview = ("Its spokesman, Suhail Shaheen, spoke to our reporter on Sunday.\n\nQ: Will you talk to Kabul?\n\n")
    assert claim("A: We have kept our side of the deal.", interview) == Claim("Taliban spokesman Suhail Shaheen", "taliban", None)
    assert claim("Q: Will the troops leave by May?", interview).claimant is None


def test_the_statement_said_is_the_statement_named_before() -> None:
    context = "The Taliban, in a statement issued from their office in Doha, warned that any delay would meet resistance. "
    assert claim("The statement said the movement had not allowed anyone to use the soil.", context) == \
        Claim("Taliban", "taliban", None)
    assert claim("The statement said the group would not attend.", "Nothing was said about it. ").claimant is None


def test_a_hearing_record_names_its_speakers_by_title_and_surname() -> None:
    record = ("HEARING BEFORE THE SUBCOMMITTEE\n\nMr. HARLOW. Where are we on the bases?\n\n")
    assert claim("Ambassador KHALILZAD. We left five bases ahead of schedule.", record) == \
        Claim("US envoy Zalmay Khalilzad", "us", None)
    # one titled label is enough for the turn to go on in the next paragraph
    briefing = "Briefing\n\nMR. HOLT: Good morning. A few items.\n\nSecond, on the drawdown. "
    assert claim("I can confirm the force is at about 8,600.", briefing).claimant == "Mr. Holt"


def test_the_monitors_report_however_the_article_refers_to_it_again() -> None:
    context = "The UN Monitoring Team published its annual assessment on Tuesday. "
    for passage in ("The same report estimated that several hundred fighters were in the east.",
                    "The team said it had found no evidence of passports issued to them.",
                    "It estimates that the group keeps a presence in a dozen provinces.",
                    "The report credits Afghan forces with weakening the group."):
        assert claim(passage, context).claimant == TEAM, passage
    assert claim("Last week's UN monitoring report said the ties remained close.").claimant == TEAM
    # without the team named before, "the team" is nobody known
    assert claim("The team said it had found no evidence of passports issued to them.").claimant != TEAM


@pytest.mark.parametrize(
    ("passage", "context", "expected"),
    [
        # After a plural subject the verb has its plain form.
        ("The Taliban deny sheltering foreign fighters in their areas.", "", Claim("Taliban", "taliban", None)),
        ("The Taliban insist there are no foreign fighters with them.", "", Claim("Taliban", "taliban", None)),
        ("The Taliban dispute that, saying the releases were slow.", "", Claim("Taliban", "taliban", None)),
        # "It also said": the body named last.
        ("It also said five bases had been handed over.", "The Pentagon said on Tuesday the force was at 8,600. ",
         Claim("Pentagon", "us", None)),
        # "The report notes": the author of the report named before.
        ("The report notes that the force fell to 8,600 by July.",
         "SIGAR released its quarterly report to Congress on Friday. ", Claim("SIGAR", None, None)),
        # A speaker's label of four words.
        ("We are at about 8,600 troops today.",
         "Briefing\n\nMODERATOR: Welcome.\n\nSENIOR STATE DEPARTMENT OFFICIAL: Thanks for joining.\n\n",
         Claim("senior state department official", None, None)),
    ],
)
def test_plain_verbs_pronoun_bodies_and_long_labels(passage: str, context: str, expected: Claim) -> None:
    assert claim(passage, context) == expected


def test_the_group_and_a_title_alone_are_who_the_article_named_so() -> None:
    assert claim("The group said it would not attend the talks.", "The Taliban rejected the offer on Monday. ") == \
        Claim("Taliban", "taliban", None)
    # ... unless another armed group was named since
    assert claim("The group said it would not attend the talks.",
                 "The Taliban rejected the offer. Al-Qaeda fighters were seen nearby. ").party is None
    assert claim("The Secretary General said the allies would leave together.",
                 "NATO Secretary General Piet Holm met the ministers on Thursday. ") == \
        Claim("NATO Secretary General Piet Holm", "coalition", None)
    assert claim("The UN Security Council's sanctions monitoring team said the ties remained close.").claimant == TEAM


def test_a_spokesman_for_a_body_the_party_names() -> None:
    assert claim("A spokesman for the Afghan National Security Council said 400 had been freed.") == \
        Claim("spokesman for the Afghan National Security Council", "afghan-government", None)
    # (an adjective ending in a full stop, and the forces in lower case)
    assert claim("A spokesman for U.S. forces in Afghanistan said the strike was defensive.") == \
        Claim("spokesman for the U.S. forces in Afghanistan", "us", None)


def test_the_afghan_intelligence_agency_by_any_of_its_names() -> None:
    for passage in ("Afghan intelligence said its forces had killed the commander.",
                    "The NDS said the raid took place overnight."):
        assert claim(passage) == Claim("National Directorate of Security", "afghan-government", None)


def test_the_monitors_verbs_after_a_plural_subject_and_it() -> None:
    """ "The monitors note that", "the team concludes", "the monitors
    estimate.", "It reports that": the report named before is the speaker."""
    before = "The UN Monitoring Team published its latest findings on Monday. "
    for passage in ("The monitors note that none of the movement's leaders has been taken off the list.",
                    "The monitors credit the government's commandos with killing two figures of the network.",
                    "The team concludes that the two groups remain close.",
                    "Fighters of the network are present in nine provinces, the monitors estimate.",
                    "It reports that the leaders met in the spring.",
                    "It also recorded meetings between the two groups."):
        assert claim(passage, before).claimant == TEAM, passage
    # the noun is not the verb: "a note", "the report on"
    assert claim("A note on the talks was circulated in the spring.", before).claimant is None


def test_initials_after_said_qualify_what_follows() -> None:
    """ "The statement said U.S. forces had left": "U.S." is no speaker."""
    before = "Pentagon spokesman Jonathan Hoffman said in a written statement on Monday that the cut was complete. "
    assert claim("The statement said U.S. forces had handed over the bases.", before).claimant == \
        "Pentagon spokesman Jonathan Hoffman"
    assert claim("Officials said U.N. staff had left the compound.").claimant == "Officials"


def test_it_said_is_the_body_that_spoke_last() -> None:
    before = "The Pentagon confirmed on Monday that US troop numbers had fallen to the level set in the deal. "
    assert claim("It also said five bases had been handed to the Afghan army.", before).claimant == "Pentagon"


def test_member_states_are_speakers_not_a_verb() -> None:
    """ "Several member states told the team": "states" is no speech verb there."""
    assert claim("Several member states told the team that the leaders had met.").claimant == "Several member states"


def test_in_an_interview_the_answer_is_the_one_introduced_by_what_they_are() -> None:
    """ "A:" is the one interviewed: the person the article introduces by an
    office, not a catalogue name its headline happens to carry."""
    before = ("A rebel envoy on the Biden review\n\nPESHAWAR - Omar Farouq Saleh, a member of the Taliban's political "
              "office, answered our questions in writing.\n\nQ: Do you still deal with al-Qaeda?\n\nA: ")
    assert claim("We do not allow anyone to use our soil against other countries.", before) == \
        Claim("Omar Farouq Saleh", "taliban", None)
    before = ("DOHA - Jane Roe, a lawyer from Herat, sits on the government's team in the talks.\n\n"
              "Q: What has happened so far?\n\nA: ")
    assert claim("We meet their team almost every day.", before).claimant == "Jane Roe"


def test_a_day_or_a_relative_pronoun_is_no_speaker() -> None:
    """ "The report, dated Tuesday, says": no speaker named Tuesday; "which
    analysts said": the analysts; "whom his officials describe as": no
    speaker the rules can name."""
    assert claim("The fourth report of the panel, dated Tuesday, says the two groups remain close.").claimant != "Tuesday"
    text = "The group issued a statement praising the movement, which analysts said showed how close the two remain."
    assert claim(text).claimant == "analysts"
    text = "The president refused to free the last few hundred, whom his officials describe as the most dangerous."
    assert claim(text).claimant is None


def test_the_one_we_asked_answers_an_interview() -> None:
    """ "We asked retired Army Colonel Jane Roe, who ..." or "We spoke with
    Dr Jane Roe about ...": "A:" is the person asked, not someone the
    opening reports on first."""
    for opening in ("KABUL - The defence minister said on Monday that the cut was on time. We asked retired Army "
                    "Colonel Jane Roe, who advised the army for two years, what it means.\n\nQ: Is it on time?\n\nA: ",
                    "KABUL - The defence minister said on Monday that the cut was on time. We spoke with Dr Jane Roe "
                    "about the first phase.\n\nQ: Is it on time?\n\nA: "):
        assert claim("A: Mostly, but the allies are slower than the Americans.", opening).claimant == "Jane Roe"


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        # the body named with its owner's name is the body, not the owner
        ("A paper by the UN Security Council's sanctions monitors found that the ties endure.",
         "UN Analytical Support and Sanctions Monitoring Team"),
        ("The study by the Security Council's monitoring team says the two groups still meet.",
         "UN Analytical Support and Sanctions Monitoring Team"),
        # the owner of a document is its author, known or not
        ("The Monitoring Team's newest report, released on Friday, says the links persist.",
         "UN Analytical Support and Sanctions Monitoring Team"),
        ("The Pentagon's quarterly report to lawmakers says the group kept its word.", "Pentagon"),
    ],
)
def test_an_owner_named_with_a_possessive(passage: str, expected: str) -> None:
    assert claim(passage).claimant == expected


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        # an auxiliary between a name the catalogue does not know and its verb
        ("Coalition Air Command has said its raids were defensive.", "Coalition Air Command"),
        ("Jane Roe also said the two teams would meet again.", "Jane Roe"),
        ("Jane Roe has long insisted that the exchange is on track.", "Jane Roe"),
    ],
)
def test_a_name_before_an_auxiliary_and_a_speech_verb(passage: str, expected: str) -> None:
    assert claim(passage).claimant == expected


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        # a person's own office speaks for them
        ("Ghani's office said the delegation was ready to travel.", "President Ashraf Ghani"),
        # an aside between an unnamed speaker and the verb
        ("A senior defence official, briefing journalists in Brussels, said the pullout was on track.",
         "senior defence official"),
        # a plural subject's present tense
        ("Afghan officials confirm that the second group of detainees left the prison.", "Afghan officials"),
    ],
)
def test_offices_asides_and_plural_verbs(passage: str, expected: str) -> None:
    assert claim(passage).claimant == expected


def test_bare_monitors_are_the_team_only_where_the_article_names_it() -> None:
    context = "The UN Monitoring Team published its twelfth report on Tuesday."
    passage = "Monitors estimated that several hundred fighters remain in the east."
    assert claim(passage, context).claimant == "UN Analytical Support and Sanctions Monitoring Team"
    assert claim(passage, "Election observers arrived in Kabul on Monday.").claimant != \
        "UN Analytical Support and Sanctions Monitoring Team"
