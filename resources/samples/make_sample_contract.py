"""Generate ``sample_services_agreement.docx``, the sample contract shipped with ContractReview.

The agreement is original text written for this project. It is deliberately one-sided in places
(a 15-day non-renewal window, termination for convenience by the Supplier only, a liability cap
of three months' fees) so that the playbook has something to flag.

Numbered clauses use real Word automatic numbering (a ``w:abstractNum`` in numbering.xml
applied through ``w:numPr``): headings get their number through the Heading 1 style, sub-clauses
carry ``w:numPr`` directly. Labels such as "9.2" and "(a)" are computed by Word, never typed.

The output is byte-for-byte reproducible: fixed core-properties dates and fixed zip timestamps.

Usage::

    python resources/samples/make_sample_contract.py [OUTPUT.docx]
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches, Pt, RGBColor

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph

OUTPUT = Path(__file__).with_name("sample_services_agreement.docx")
FIXED_DATE = dt.datetime(2025, 3, 15, 9, 0, 0, tzinfo=dt.UTC)
ZIP_DATE = (2025, 3, 15, 9, 0, 0)
FONT = "Times New Roman"

# Numbering ids, chosen above the nine definitions python-docx's default template carries.
CLAUSES_ABSTRACT, CLAUSES_NUM = 20, 20
PARTIES_ABSTRACT, PARTIES_NUM = 21, 21
RECITALS_ABSTRACT, RECITALS_NUM = 22, 22

FOOTNOTES = {
    "cpi": (
        "“CPI” means the Consumer Price Index for All Urban Consumers (CPI-U), U.S. city "
        "average, all items, as published by the U.S. Bureau of Labor Statistics, comparing the "
        "most recent twelve-month period for which figures are available."
    ),
}

FEES = [
    ("Northwind Insight platform subscription (up to 250 named users)", "18,500.00", "USD"),
    ("Managed analytics reporting (monthly route and carrier reports)", "7,250.00", "USD"),
    ("Integration support and maintenance (TMS and WMS connectors)", "3,400.00", "USD"),
    ("Premium support (24x7, Priority 1 response within 2 hours)", "2,150.00", "USD"),
    ("Total monthly Fees", "31,300.00", "USD"),
]

SUPPLIER = "NORTHWIND ANALYTICS LTD."
CUSTOMER = "HARBOR FREIGHT LOGISTICS, INC."

# The agreement body. Each entry is (kind, text):
#   "h"      a numbered clause heading (Heading 1, level 0: "1.")
#   1, 2, 3  a numbered paragraph at level 1 ("1.1"), 2 ("(a)") or 3 ("(i)")
#   "p"      an unnumbered body paragraph
#   "fees"   the fee table
# Inline markup: **bold**, and [^key] for a footnote reference to FOOTNOTES[key].
# Straight quotes and apostrophes are turned into typographic ones.
Body = list[tuple[str | int, str]]

BODY: Body = [
    ("h", "Definitions and Interpretation"),
    (1, "In this Agreement the following terms have the following meanings:"),
    (
        2,
        '"**Affiliate**" means, in relation to a Party, any entity that directly or indirectly '
        "controls, is controlled by, or is under common control with that Party, where "
        '"control" means ownership of more than fifty percent (50%) of the voting interests of '
        "the entity or the power to direct its management and policies;",
    ),
    (
        2,
        '"**Business Day**" means a day other than a Saturday, Sunday or public holiday on which '
        "banks are open for general business in New York, New York;",
    ),
    (
        2,
        '"**Change of Control**" means any transaction or series of transactions by which a '
        "person, or persons acting together, who did not control a Party on the Effective Date "
        "acquire control of that Party;",
    ),
    (
        2,
        '"**Confidential Information**" means all information of a confidential nature disclosed '
        "by or on behalf of a Party to the other Party, whether before or after the Effective "
        "Date and in whatever form, including business plans, pricing, customer lists, rates, "
        "software, technical data and the terms of this Agreement;",
    ),
    (
        2,
        '"**Customer Data**" means all data, including shipment records, route histories, '
        "carrier rates and personal information, that Customer or its Affiliates provide to "
        "Supplier, or that Supplier generates from such data in performing the Services;",
    ),
    (
        2,
        '"**Deliverables**" means all reports, dashboards, models, configurations, documents '
        "and other materials that Supplier provides to Customer as part of the Services;",
    ),
    (
        2,
        '"**Customer-Specific Deliverables**" means those Deliverables created exclusively for '
        "Customer and expressly identified as such in a Statement of Work;",
    ),
    (
        2,
        '"**Fees**" means the fees payable by Customer under clause 3 and under each Statement '
        "of Work;",
    ),
    (
        2,
        '"**Intellectual Property Rights**" means patents, rights in inventions, copyright and '
        "related rights, trade marks, rights in designs, rights in software, database rights, "
        "rights in confidential information and know-how, and all other intellectual property "
        "rights, whether registered or unregistered, anywhere in the world;",
    ),
    (
        2,
        '"**Platform**" means Supplier\'s proprietary hosted analytics platform known as '
        '"Northwind Insight", including all updates and new versions that Supplier makes '
        "generally available to its customers;",
    ),
    (
        2,
        '"**Services**" means the platform, analytics, integration and support services '
        "described in clause 2 and in each Statement of Work;",
    ),
    (
        2,
        '"**Statement of Work**" or "**SOW**" means a document describing specific Services, '
        "signed by authorised representatives of both Parties and referring to this Agreement;",
    ),
    (
        2,
        '"**Supplier Materials**" means all software, tools, templates, methods, algorithms and '
        "know-how owned or licensed by Supplier, whether existing on the Effective Date or "
        "developed afterwards, other than Customer-Specific Deliverables; and",
    ),
    (
        2,
        '"**Term**" means the Initial Term together with every Renewal Term, as described in '
        "clause 4.",
    ),
    (1, "In this Agreement, unless the context otherwise requires:"),
    (2, "clause headings do not affect its interpretation;"),
    (2, "words in the singular include the plural and words in the plural include the singular;"),
    (
        2,
        'the words "including", "include" and "in particular" are illustrative and do not limit '
        "the sense of the words that precede them; and",
    ),
    (
        2,
        "a reference to a statute or regulation is a reference to it as amended, extended or "
        "re-enacted from time to time.",
    ),
    (
        1,
        "If there is any conflict between the terms of this Agreement and the terms of a "
        "Statement of Work, the terms of this Agreement prevail, unless the Statement of Work "
        "expressly states that it overrides a specific clause of this Agreement.",
    ),
    ("h", "Services"),
    (
        1,
        "Supplier shall provide the Services to Customer from the Effective Date in accordance "
        "with this Agreement and each Statement of Work.",
    ),
    (1, "The Services comprise:"),
    (
        2,
        "**Platform subscription:** access to the Platform for up to two hundred and fifty "
        "(250) named users of Customer and its Affiliates;",
    ),
    (
        2,
        "**Managed analytics:** monthly route-efficiency, lane-profitability and "
        "carrier-performance reports prepared by Supplier's analysts from Customer Data;",
    ),
    (
        2,
        "**Integration:** the implementation and maintenance of connectors between the "
        "Platform and Customer's transport management and warehouse management systems; and",
    ),
    (2, "**Support:** technical support for the Platform, under which Supplier shall:"),
    (3, "respond to Priority 1 incidents (Platform unavailable) within two (2) hours;"),
    (
        3,
        "respond to Priority 2 incidents (material function impaired) within eight (8) "
        "business hours; and",
    ),
    (3, "respond to all other requests within three (3) Business Days."),
    (
        1,
        "Supplier shall perform the Services with reasonable skill and care, in accordance with "
        "good industry practice and all laws that apply to Supplier's business.",
    ),
    (1, "Customer shall:"),
    (
        2,
        "provide Supplier, in a timely manner, with access to the Customer Data, systems, "
        "premises and personnel that Supplier reasonably requires to perform the Services;",
    ),
    (2, "be responsible for the accuracy, quality and legality of the Customer Data; and"),
    (
        2,
        "appoint a project manager with authority to take decisions on Customer's behalf in "
        "relation to the Services.",
    ),
    (
        1,
        "Supplier may modify the features and functionality of the Platform from time to time "
        "at its discretion, provided that no such modification materially reduces the overall "
        "functionality of the Platform during the then-current Term.",
    ),
    (
        1,
        "Supplier may subcontract any of its obligations under this Agreement without "
        "Customer's consent. Supplier remains responsible for the acts and omissions of its "
        "subcontractors as if they were its own.",
    ),
    (
        1,
        "Either Party may request a change to the scope of a Statement of Work. No change takes "
        "effect until the Parties have agreed in writing any resulting adjustment to the Fees "
        "and the timetable.",
    ),
    ("h", "Fees and Payment"),
    (
        1,
        "In consideration of the Services, Customer shall pay Supplier the monthly Fees set out "
        "in the following table, together with any fees stated in a Statement of Work:",
    ),
    ("fees", ""),
    (
        1,
        "Supplier shall invoice the monthly Fees in advance on the first Business Day of each "
        "calendar month. Fees under a Statement of Work are invoiced on completion of each "
        "milestone stated in it.",
    ),
    (
        1,
        "Customer shall pay each invoice within forty-five (45) days of the date of the invoice, "
        "by electronic funds transfer to the bank account that Supplier nominates in writing.",
    ),
    (
        1,
        "All Fees are exclusive of sales, use, value added and similar taxes, which Customer "
        "shall pay in addition, other than taxes based on Supplier's net income.",
    ),
    (
        1,
        "If Customer fails to pay any amount by its due date, Supplier may, without limiting "
        "its other rights:",
    ),
    (
        2,
        "charge interest on the overdue amount at the rate of one and one-half percent (1.5%) "
        "per month, or the highest rate permitted by law if lower, from the due date until "
        "payment; and",
    ),
    (
        2,
        "suspend all or part of the Services if the amount remains unpaid thirty (30) days "
        "after Supplier gives Customer written notice of the late payment.",
    ),
    (
        1,
        "If Customer disputes an invoice in good faith, it shall notify Supplier in writing "
        "within fifteen (15) days of the invoice date, giving reasons, and shall pay the "
        "undisputed part of the invoice on time.",
    ),
    (
        1,
        "With effect from each anniversary of the Effective Date, Supplier may increase the "
        "Fees by giving Customer not less than thirty (30) days' written notice. No increase "
        "shall exceed the greater of seven percent (7%) and the annual change in CPI[^cpi] plus "
        "three percent (3%).",
    ),
    ("h", "Term and Renewal"),
    (
        1,
        "This Agreement commences on the Effective Date and, unless terminated earlier in "
        "accordance with clause 5, continues for an initial term of three (3) years (the "
        '"**Initial Term**").',
    ),
    (
        1,
        "On the expiry of the Initial Term, this Agreement shall automatically renew for "
        'successive periods of two (2) years each (each a "**Renewal Term**"), unless either '
        "Party gives the other Party written notice of non-renewal at least fifteen (15) days "
        "before the expiry of the Initial Term or of the then-current Renewal Term.",
    ),
    (
        1,
        "The Fees for each Renewal Term shall be Supplier's list prices in force at the start "
        "of that Renewal Term, unless the Parties agree otherwise in writing.",
    ),
    (
        1,
        "Each Statement of Work continues for the period stated in it. A Statement of Work in "
        "progress when this Agreement expires continues to be governed by this Agreement until "
        "the Statement of Work is completed or terminated.",
    ),
    ("h", "Termination"),
    (
        1,
        "Supplier may terminate this Agreement, or any Statement of Work, for convenience at any "
        "time by giving Customer not less than ten (10) days' written notice.",
    ),
    (
        1,
        "Either Party may terminate this Agreement with immediate effect by giving written "
        "notice to the other Party if the other Party:",
    ),
    (2, "commits a material breach of this Agreement that is incapable of remedy;"),
    (
        2,
        "commits a material breach of this Agreement that is capable of remedy and fails to "
        "remedy it within thirty (30) days after receiving written notice requiring it to do "
        "so; or",
    ),
    (
        2,
        "becomes insolvent, makes a general assignment for the benefit of its creditors, has a "
        "receiver, administrator or trustee appointed over any of its assets, or becomes the "
        "subject of bankruptcy proceedings that are not dismissed within sixty (60) days.",
    ),
    (
        1,
        "Supplier may terminate this Agreement with immediate effect by written notice if "
        "Customer fails to pay any undisputed amount within fifteen (15) days after receiving "
        "written notice that the amount is overdue.",
    ),
    (1, "On termination or expiry of this Agreement for any reason:"),
    (
        2,
        "Customer shall pay all Fees accrued up to the date of termination and, where this "
        "Agreement is terminated other than by Customer under clause 5.2, all Fees that would "
        "have been payable for the remainder of the then-current Term;",
    ),
    (
        2,
        "each Party shall promptly return or destroy the other Party's Confidential "
        "Information, except for copies it is required by law to keep;",
    ),
    (
        2,
        "Supplier shall make the Customer Data available to Customer for export for thirty (30) "
        "days, after which Supplier may delete it; and",
    ),
    (
        2,
        "clauses 3, 6, 7, 9, 10, 12, 14 and 16, and any other provision that by its nature is "
        "intended to survive, shall continue in force.",
    ),
    ("h", "Confidentiality"),
    (
        1,
        'Each Party (the "**Recipient**") shall keep the Confidential Information of the other '
        'Party (the "**Discloser**") confidential, shall use it only to perform its obligations '
        "and exercise its rights under this Agreement, and shall disclose it only to its "
        "employees, officers, advisers and subcontractors who need to know it for that purpose "
        "and who are bound by obligations of confidentiality no less protective than this "
        "clause 6.",
    ),
    (1, "Clause 6.1 does not apply to information that:"),
    (2, "is or becomes publicly available other than through a breach of this Agreement;"),
    (2, "was lawfully in the Recipient's possession before the Discloser disclosed it;"),
    (
        2,
        "is independently developed by the Recipient without use of the Discloser's "
        "Confidential Information; or",
    ),
    (
        2,
        "the Recipient lawfully receives from a third party who is not under an obligation of "
        "confidence in respect of it.",
    ),
    (
        1,
        "The Recipient may disclose Confidential Information to the extent required by law, by "
        "a court of competent jurisdiction or by a regulatory authority, provided that, where "
        "lawful, it gives the Discloser prompt notice and reasonable assistance in seeking a "
        "protective order.",
    ),
    (
        1,
        "The obligations in this clause 6 continue for five (5) years after the termination or "
        "expiry of this Agreement and, in respect of trade secrets, for as long as the "
        "information remains a trade secret.",
    ),
    (
        1,
        "Supplier shall process personal information contained in the Customer Data only on "
        "Customer's documented instructions and in accordance with applicable data protection "
        "laws, shall maintain appropriate technical and organisational security measures, and "
        "shall notify Customer without undue delay, and in any event within seventy-two (72) "
        "hours, after becoming aware of any security breach affecting the Customer Data.",
    ),
    ("h", "Intellectual Property"),
    (
        1,
        "Supplier and its licensors retain all Intellectual Property Rights in the Platform and "
        "the Supplier Materials, including all improvements to them made in the course of "
        "providing the Services.",
    ),
    (
        1,
        "Subject to Customer paying the relevant Fees in full, Supplier hereby assigns to "
        "Customer, with full title guarantee, all Intellectual Property Rights in the "
        "Customer-Specific Deliverables, with effect from their creation. Supplier shall, at "
        "Customer's expense, sign any document reasonably required to perfect that assignment.",
    ),
    (
        1,
        "Supplier grants Customer and its Affiliates a non-exclusive, non-transferable, "
        "worldwide licence during the Term to access and use the Platform and the Deliverables "
        "(other than the Customer-Specific Deliverables) for their internal business purposes. "
        "To the extent that any Supplier Materials are incorporated in the Customer-Specific "
        "Deliverables, Supplier grants Customer a perpetual, royalty-free licence to use those "
        "Supplier Materials as part of the Customer-Specific Deliverables.",
    ),
    (
        1,
        "Customer grants Supplier a non-exclusive licence to use the Customer Data to provide "
        "the Services. Supplier may also create aggregated and anonymised data derived from the "
        "Customer Data, use it to improve its products and for industry benchmarking, and "
        "retain it after this Agreement ends.",
    ),
    (1, "Customer shall not, and shall not permit any third party to:"),
    (
        2,
        "copy, modify, decompile or reverse engineer the Platform, except to the extent that "
        "applicable law expressly permits it;",
    ),
    (2, "sub-license, rent or otherwise make the Platform available to any third party; or"),
    (2, "use the Platform to build a product or service that competes with the Platform."),
    ("h", "Warranties"),
    (1, "Each Party warrants to the other that:"),
    (2, "it is duly organised and validly existing under the laws of its place of incorporation;"),
    (2, "it has full power and authority to enter into and perform this Agreement; and"),
    (
        2,
        "its entry into this Agreement does not breach any other agreement by which it is bound.",
    ),
    (
        1,
        "Supplier warrants that the Services will be performed in a professional manner and "
        "that the Platform will perform materially in accordance with its documentation. "
        "Customer's sole and exclusive remedy for breach of this warranty is the re-performance "
        "of the defective Services or, if Supplier cannot re-perform them within a reasonable "
        "time, a refund of the Fees paid for the defective Services in the month in which the "
        "breach occurred.",
    ),
    (
        1,
        "Customer must notify Supplier of any breach of the warranty in clause 8.2 within thirty "
        "(30) days after the Services concerned were performed.",
    ),
    (
        1,
        "EXCEPT AS EXPRESSLY SET OUT IN THIS AGREEMENT, SUPPLIER MAKES NO WARRANTIES, EXPRESS OR "
        "IMPLIED, AND DISCLAIMS ALL IMPLIED WARRANTIES, INCLUDING WARRANTIES OF "
        "MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NON-INFRINGEMENT. SUPPLIER DOES "
        "NOT WARRANT THAT THE PLATFORM WILL BE UNINTERRUPTED OR ERROR-FREE.",
    ),
    ("h", "Limitation of Liability"),
    (1, "Nothing in this Agreement limits or excludes either Party's liability for:"),
    (2, "death or personal injury caused by its negligence;"),
    (2, "fraud or fraudulent misrepresentation;"),
    (2, "gross negligence or wilful misconduct;"),
    (2, "Customer's obligation to pay the Fees; or"),
    (2, "Supplier's obligations under clause 10.1."),
    (
        1,
        "SUBJECT TO CLAUSE 9.1, NEITHER PARTY SHALL BE LIABLE TO THE OTHER PARTY FOR ANY "
        "INDIRECT, INCIDENTAL, SPECIAL, CONSEQUENTIAL, EXEMPLARY OR PUNITIVE DAMAGES, OR FOR "
        "ANY LOSS OF PROFITS, REVENUE, BUSINESS, GOODWILL OR ANTICIPATED SAVINGS, OR FOR ANY "
        "LOSS OR CORRUPTION OF DATA, HOWEVER ARISING, EVEN IF ADVISED OF THE POSSIBILITY OF "
        "SUCH DAMAGES.",
    ),
    (
        1,
        "Subject to clause 9.1, each Party's total aggregate liability arising out of or in "
        "connection with this Agreement, whether in contract, tort (including negligence), "
        "breach of statutory duty or otherwise, shall not exceed an amount equal to the Fees "
        "paid by Customer under this Agreement in the three (3) months immediately preceding "
        "the event giving rise to the claim.",
    ),
    (
        1,
        "Customer acknowledges that the Fees reflect the allocation of risk set out in this "
        "clause 9, and that Supplier would not have entered into this Agreement without these "
        "limitations.",
    ),
    (
        1,
        "No claim may be brought under or in connection with this Agreement more than twelve "
        "(12) months after the cause of action arose.",
    ),
    ("h", "Indemnification"),
    (
        1,
        "Supplier shall defend Customer against any claim by a third party alleging that "
        "Customer's use of the Platform in accordance with this Agreement infringes that third "
        "party's United States patent, copyright or trade mark, and shall pay any damages and "
        "costs finally awarded against Customer in respect of such a claim.",
    ),
    (1, "Clause 10.1 does not apply to any claim to the extent that it arises from:"),
    (2, "any modification of the Platform made by anyone other than Supplier;"),
    (
        2,
        "the combination of the Platform with software, data or equipment not supplied by "
        "Supplier;",
    ),
    (2, "use of the Platform other than in accordance with this Agreement; or"),
    (
        2,
        "Customer's continued use of an allegedly infringing item after Supplier has made a "
        "non-infringing alternative available.",
    ),
    (
        1,
        "If the Platform becomes, or in Supplier's opinion is likely to become, the subject of "
        "an infringement claim, Supplier may at its option and expense:",
    ),
    (2, "procure for Customer the right to continue using the Platform;"),
    (2, "modify or replace the Platform so that it is no longer infringing; or"),
    (
        2,
        "terminate this Agreement and refund any Fees paid in advance for the period after "
        "termination.",
    ),
    (
        1,
        "Customer shall defend, indemnify and hold harmless Supplier, its Affiliates and their "
        "respective officers, employees and agents from and against all losses, damages, "
        "liabilities, costs and expenses (including reasonable legal fees) arising out of or "
        "in connection with:",
    ),
    (
        2,
        "the Customer Data, including any claim that the Customer Data or its use in "
        "accordance with this Agreement infringes any third party's rights or any privacy law;",
    ),
    (2, "Customer's use of the Services in breach of this Agreement or applicable law; or"),
    (
        2,
        "any shipment, cargo, transport or warehousing operation of Customer or its Affiliates.",
    ),
    (1, "A Party seeking to rely on an indemnity in this clause 10 shall:"),
    (2, "notify the indemnifying Party promptly in writing of the claim;"),
    (
        2,
        "allow the indemnifying Party sole control of the defence and settlement of the claim; and",
    ),
    (2, "give the indemnifying Party reasonable assistance, at the indemnifying Party's expense."),
    (
        1,
        "This clause 10 states Customer's sole and exclusive remedy, and Supplier's entire "
        "liability, for any claim that the Platform or the Services infringe the Intellectual "
        "Property Rights of a third party.",
    ),
    ("h", "Insurance"),
    (
        1,
        "During the Term and for one (1) year afterwards, Supplier shall maintain with "
        "reputable insurers:",
    ),
    (
        2,
        "commercial general liability insurance with a limit of not less than one million US "
        "dollars (USD 1,000,000) per occurrence;",
    ),
    (
        2,
        "professional indemnity (errors and omissions) insurance with a limit of not less than "
        "two million US dollars (USD 2,000,000) per claim;",
    ),
    (
        2,
        "cyber liability insurance with a limit of not less than two million US dollars "
        "(USD 2,000,000) in the aggregate; and",
    ),
    (2, "workers' compensation insurance as required by applicable law."),
    (
        1,
        "Supplier shall provide certificates of insurance evidencing the cover required by "
        "clause 11.1 on Customer's written request, not more than once in any calendar year.",
    ),
    ("h", "Non-Solicitation"),
    (
        1,
        "During the Term and for twelve (12) months after its termination or expiry, Customer "
        "shall not, directly or indirectly, solicit or engage, whether as an employee, "
        "contractor or otherwise, any employee or contractor of Supplier who was involved in "
        "providing the Services, without Supplier's prior written consent.",
    ),
    (
        1,
        "A general advertisement or recruitment campaign not specifically directed at "
        "Supplier's personnel does not breach clause 12.1.",
    ),
    (
        1,
        "If Customer breaches clause 12.1, Customer shall pay Supplier, as liquidated damages, "
        "an amount equal to one hundred percent (100%) of the annual compensation of the "
        "individual concerned. The Parties agree that this amount is a genuine pre-estimate of "
        "Supplier's loss and not a penalty.",
    ),
    ("h", "Assignment"),
    (
        1,
        "Neither Party may assign, transfer, novate or otherwise deal with any of its rights or "
        "obligations under this Agreement without the prior written consent of the other "
        "Party, such consent not to be unreasonably withheld.",
    ),
    (
        1,
        "Notwithstanding clause 13.1, Supplier may assign this Agreement without Customer's "
        "consent to any of its Affiliates, or to a successor in connection with a merger, "
        "acquisition or sale of all or substantially all of its assets.",
    ),
    (
        1,
        "Customer shall notify Supplier in writing within ten (10) Business Days after any "
        "Change of Control of Customer. Supplier may terminate this Agreement by giving not "
        "less than thirty (30) days' written notice at any time within sixty (60) days after "
        "receiving that notification.",
    ),
    (1, "Any purported assignment or transfer in breach of this clause 13 is void."),
    ("h", "Governing Law and Jurisdiction"),
    (
        1,
        "This Agreement, and any dispute or claim (including a non-contractual dispute or "
        "claim) arising out of or in connection with it, shall be governed by and construed in "
        "accordance with the laws of the State of New York, without regard to its "
        "conflict-of-laws principles. The United Nations Convention on Contracts for the "
        "International Sale of Goods does not apply to this Agreement.",
    ),
    (
        1,
        "Each Party irrevocably submits to the exclusive jurisdiction of the state and federal "
        "courts located in New York County, New York, and waives any objection to proceedings "
        "in those courts on the grounds of venue or inconvenient forum.",
    ),
    (
        1,
        "EACH PARTY IRREVOCABLY WAIVES, TO THE FULLEST EXTENT PERMITTED BY LAW, ANY RIGHT TO A "
        "TRIAL BY JURY IN ANY PROCEEDING ARISING OUT OF OR IN CONNECTION WITH THIS AGREEMENT.",
    ),
    (
        1,
        "Nothing in this clause 14 prevents a Party from seeking urgent injunctive or other "
        "equitable relief in any court of competent jurisdiction.",
    ),
    ("h", "Notices"),
    (
        1,
        "Any notice under this Agreement shall be in writing and delivered by hand, by "
        "internationally recognised courier or by email, to the following addresses (or such "
        "other address as a Party notifies to the other under this clause 15):",
    ),
    (
        2,
        "Supplier: Northwind Analytics Ltd., 14 Tanner Street, London SE1 3LE, United Kingdom, "
        "for the attention of the General Counsel; email: legal@northwind-analytics.example; "
        "and",
    ),
    (
        2,
        "Customer: Harbor Freight Logistics, Inc., 2200 Pier Avenue, Suite 400, Jersey City, "
        "New Jersey 07302, United States, for the attention of the Chief Legal Officer; email: "
        "contracts@harborfreight-logistics.example.",
    ),
    (1, "A notice is deemed received:"),
    (2, "if delivered by hand, at the time of delivery;"),
    (2, "if sent by courier, at 9.00 a.m. on the second Business Day after dispatch; and"),
    (
        2,
        "if sent by email, at the time of transmission, or, if this time falls after 5.00 p.m. "
        "on a Business Day or on a day that is not a Business Day, at 9.00 a.m. on the next "
        "Business Day.",
    ),
    (
        1,
        "A notice of breach, termination or non-renewal is not validly given by email alone and "
        "must also be sent by hand or by courier.",
    ),
    ("h", "General"),
    (
        1,
        "**Entire agreement.** This Agreement, together with each Statement of Work, "
        "constitutes the entire agreement between the Parties relating to its subject matter "
        "and supersedes all prior agreements, proposals, representations and understandings, "
        "whether written or oral. Each Party acknowledges that it has not relied on any "
        "statement, promise or representation that is not set out in this Agreement.",
    ),
    (
        1,
        "**Severability.** If any provision of this Agreement is found to be invalid, illegal "
        "or unenforceable, it shall be modified to the minimum extent necessary to make it "
        "valid, legal and enforceable, and the remaining provisions shall continue in full "
        "force and effect.",
    ),
    (
        1,
        "**Waiver.** No failure or delay by a Party in exercising any right or remedy operates "
        "as a waiver of it, and no single or partial exercise of any right or remedy prevents "
        "its further exercise.",
    ),
    (
        1,
        "**Amendment.** No amendment to this Agreement is effective unless it is in writing and "
        "signed by authorised representatives of both Parties.",
    ),
    (
        1,
        "**Force majeure.** Neither Party is liable for any delay or failure in performing its "
        "obligations (other than an obligation to pay money) caused by events beyond its "
        "reasonable control. If such an event continues for more than ninety (90) days, either "
        "Party may terminate this Agreement by written notice to the other.",
    ),
    (
        1,
        "**Relationship of the Parties.** The Parties are independent contractors. Nothing in "
        "this Agreement creates a partnership, joint venture, agency or employment relationship "
        "between them.",
    ),
    (
        1,
        "**Third-party rights.** No person other than the Parties has any right to enforce any "
        "term of this Agreement.",
    ),
    (
        1,
        "**Counterparts.** This Agreement may be executed in any number of counterparts, each "
        "of which is an original and all of which together constitute one and the same "
        "instrument. Signatures delivered by electronic means are as effective as original "
        "signatures.",
    ),
]


def typographic(text: str) -> str:
    """Straight quotes to typographic ones: an opening quote follows a space, bracket or start."""
    text = re.sub(r'(^|[\s(\[])"', "\\1\u201c", text)
    text = text.replace('"', "\u201d")
    return text.replace("'", "\u2019")


def add_rich_text(doc: DocxDocument, para: Paragraph, text: str) -> None:
    """Append ``text`` to ``para``: ``**bold**`` spans and ``[^key]`` footnote references."""
    for piece in re.split(r"(\*\*.+?\*\*|\[\^\w+\])", typographic(text)):
        if not piece:
            continue
        if piece.startswith("**"):
            para.add_run(piece[2:-2]).bold = True
        elif piece.startswith("[^"):
            add_footnote_reference(doc, para, piece[2:-1])
        else:
            para.add_run(piece)


def set_num(para: Paragraph, num_id: int, level: int) -> None:
    num_pr = para._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def _level_xml(ilvl: int, fmt: str, text: str, left: int, hanging: int, *, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{extra}'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr></w:lvl>'
    )


def add_numbering(doc: DocxDocument) -> None:
    """Add the clause, parties and recitals list definitions to numbering.xml."""
    numbering = doc.part.numbering_part.element
    abstracts = [
        (
            CLAUSES_ABSTRACT,
            "1A2B3C4D",
            _level_xml(0, "decimal", "%1.", 720, 720, extra='<w:pStyle w:val="Heading1"/>')
            + _level_xml(1, "decimal", "%1.%2", 720, 720)
            + _level_xml(2, "lowerLetter", "(%3)", 1440, 720)
            + _level_xml(3, "lowerRoman", "(%4)", 2160, 720),
        ),
        (PARTIES_ABSTRACT, "2B3C4D5E", _level_xml(0, "decimal", "(%1)", 720, 720)),
        (RECITALS_ABSTRACT, "3C4D5E6F", _level_xml(0, "upperLetter", "%1.", 720, 720)),
    ]
    first_num = numbering.find(qn("w:num"))
    for abstract_id, nsid, levels in abstracts:
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:nsid w:val="{nsid}"/><w:multiLevelType w:val="multilevel"/>{levels}'
            "</w:abstractNum>"
        )
        # Schema order: every w:abstractNum precedes every w:num.
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
    for num_id, abstract_id in (
        (CLAUSES_NUM, CLAUSES_ABSTRACT),
        (PARTIES_NUM, PARTIES_ABSTRACT),
        (RECITALS_NUM, RECITALS_ABSTRACT),
    ):
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'
            )
        )


def set_up_styles(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.0
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    heading = doc.styles["Heading 1"]
    rpr = heading.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    heading.font.name = FONT
    heading.font.size = Pt(11)
    heading.font.bold = True
    heading.font.all_caps = True
    heading.font.color.rgb = RGBColor(0, 0, 0)
    heading.paragraph_format.space_before = Pt(12)
    heading.paragraph_format.space_after = Pt(6)
    heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    # Headings take their clause number through the style chain.
    num_pr = heading.element.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = CLAUSES_NUM

    title = doc.styles["Title"]
    title_ppr = title.element.get_or_add_pPr()
    for border in title_ppr.findall(qn("w:pBdr")):
        title_ppr.remove(border)
    title_rpr = title.element.get_or_add_rPr()
    title_fonts = title_rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        title_fonts.attrib.pop(qn(attr), None)
    title.font.name = FONT
    title.font.size = Pt(16)
    title.font.bold = True
    title.font.color.rgb = RGBColor(0, 0, 0)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(6)

    fn_text = doc.styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
    fn_text.base_style = normal
    fn_text.font.size = Pt(9)
    fn_text.paragraph_format.space_after = Pt(0)
    fn_ref = doc.styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    fn_ref.font.superscript = True


def add_footnote_reference(doc: DocxDocument, para: Paragraph, key: str) -> None:
    note_id = list(FOOTNOTES).index(key) + 1
    run = para.add_run()
    run.style = doc.styles["Footnote Reference"]
    run._r.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="{note_id}"/>'))


def add_footnotes_part(doc: DocxDocument) -> None:
    """python-docx has no footnote API: write word/footnotes.xml and relate it ourselves."""
    notes = [
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
        'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
        'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
        "</w:r></w:p></w:footnote>",
    ]
    for number, text in enumerate(FOOTNOTES.values(), start=1):
        notes.append(
            f'<w:footnote w:id="{number}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {_xml_escape(text)}</w:t></w:r></w:p></w:footnote>'
        )
    blob = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:footnotes {nsdecls('w')}>{''.join(notes)}</w:footnotes>"
    ).encode()
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def add_page_field(para: Paragraph, instruction: str, cached: str) -> None:
    """A complex field (``PAGE``, ``NUMPAGES``); Word and LibreOffice recompute ``cached``."""
    for xml in (
        '<w:fldChar w:fldCharType="begin"/>',
        f'<w:instrText xml:space="preserve"> {instruction} </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>',
        f"<w:t>{cached}</w:t>",
        '<w:fldChar w:fldCharType="end"/>',
    ):
        para.add_run()._r.append(parse_xml(_with_ns(xml)))


def _with_ns(xml: str) -> str:
    """Declare the w: namespace on the (only) element of an XML snippet."""
    return re.sub(r"^<([\w:]+)", lambda m: f"<{m.group(1)} {nsdecls('w')}", xml, count=1)


def set_up_page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width = Inches(8.5)
    section.page_height = Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = header.add_run("Confidential")
    run.bold = True
    run.italic = True

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Master Services Agreement \u2013 Page ")
    add_page_field(footer, "PAGE", "1")
    footer.add_run(" of ")
    add_page_field(footer, "NUMPAGES", "10")  # as LibreOffice lays it out


def add_fee_table(doc: DocxDocument) -> None:
    table = doc.add_table(rows=1, cols=3)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, label in zip(
        table.rows[0].cells, ("Service", "Monthly Fee", "Currency"), strict=True
    ):
        cell.paragraphs[0].add_run(label).bold = True
    for service, fee, currency in FEES:
        row = table.add_row().cells
        total = service.startswith("Total")
        for cell, value in zip(row, (service, fee, currency), strict=True):
            para = cell.paragraphs[0]
            para.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
            para.add_run(value).bold = total
        row[1].paragraphs[0].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    widths = (Inches(4.2), Inches(1.3), Inches(1.0))
    table.autofit = False
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width  # w:gridCol, which LibreOffice reads
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width  # w:tcW, which Word reads
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.space_after = Pt(2)
    # Mark the first row as a header row that repeats across pages.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def add_signature_block(doc: DocxDocument) -> None:
    doc.add_paragraph(
        typographic(
            "IN WITNESS WHEREOF, the Parties have caused this Agreement to be executed by their "
            "duly authorised representatives as of the Signature Date."
        )
    ).paragraph_format.keep_with_next = True
    rows = [
        (f"Signed for and on behalf of\n{SUPPLIER}", f"Signed for and on behalf of\n{CUSTOMER}"),
        ("By: _______________________________", "By: _______________________________"),
        ("Name: Eleanor J. Marsh", "Name: David R. Okafor"),
        ("Title: Chief Executive Officer", "Title: Chief Operating Officer"),
        ("Date: 15 March 2025", "Date: 15 March 2025"),
    ]
    table = doc.add_table(rows=0, cols=2)
    for left, right in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, (left, right), strict=True):
            para = cell.paragraphs[0]
            para.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
            para.paragraph_format.space_before = Pt(10)
            para.paragraph_format.keep_with_next = True
            first, _, second = text.partition("\n")
            if second:
                para.add_run(first)
                para.add_run().add_break()
                para.add_run(second).bold = True
            else:
                para.add_run(first)


def add_front_matter(doc: DocxDocument) -> None:
    doc.add_paragraph("Master Services Agreement", style="Title")
    ref = doc.add_paragraph("Agreement No. NWA-HFL-2025-017")
    ref.alignment = WD_ALIGN_PARAGRAPH.CENTER
    ref.paragraph_format.space_after = Pt(18)

    intro = doc.add_paragraph()
    add_rich_text(
        doc,
        intro,
        'This Master Services Agreement (this "**Agreement**") is dated 15 March 2025 (the '
        '"**Signature Date**") and takes effect on 1 April 2025 (the "**Effective Date**").',
    )
    doc.add_paragraph().add_run("BETWEEN:").bold = True
    parties = [
        f"**{SUPPLIER}**, a private limited company incorporated in England and Wales under "
        "company number 09876543, whose registered office is at 14 Tanner Street, London "
        'SE1 3LE, United Kingdom ("**Supplier**"); and',
        f"**{CUSTOMER}**, a Delaware corporation whose principal place of business is at "
        "2200 Pier Avenue, Suite 400, Jersey City, New Jersey 07302, United States "
        '("**Customer**"),',
    ]
    for text in parties:
        para = doc.add_paragraph()
        set_num(para, PARTIES_NUM, 0)
        add_rich_text(doc, para, text)
    tail = doc.add_paragraph()
    add_rich_text(doc, tail, 'each a "**Party**" and together the "**Parties**".')

    doc.add_paragraph().add_run("BACKGROUND:").bold = True
    recitals = [
        "Supplier provides data analytics, route-optimisation software and related managed "
        "services to businesses in the transport and logistics sector.",
        "Customer operates freight forwarding, trucking and warehousing businesses across "
        "North America and wishes to engage Supplier to provide certain analytics and platform "
        "services.",
        "The Parties wish to set out the terms on which Supplier will provide those services, "
        "and on which the Parties may agree further Statements of Work from time to time.",
    ]
    for text in recitals:
        para = doc.add_paragraph()
        set_num(para, RECITALS_NUM, 0)
        add_rich_text(doc, para, text)
    doc.add_paragraph(
        typographic(
            "NOW, THEREFORE, in consideration of the mutual covenants set out below, the Parties "
            "agree as follows:"
        )
    )


def add_body(doc: DocxDocument) -> None:
    for kind, text in BODY:
        if kind == "h":
            doc.add_paragraph(text, style="Heading 1")
        elif kind == "fees":
            add_fee_table(doc)
        elif kind == "p":
            add_rich_text(doc, doc.add_paragraph(), text)
        else:
            assert isinstance(kind, int)
            para = doc.add_paragraph()
            set_num(para, CLAUSES_NUM, kind)
            add_rich_text(doc, para, text)


def set_core_properties(doc: DocxDocument) -> None:
    props = doc.core_properties
    props.title = "Master Services Agreement"
    props.subject = "Master Services Agreement between Northwind Analytics Ltd. and Harbor Freight"
    props.author = "ContractReview sample"
    props.last_modified_by = "ContractReview sample"
    props.keywords = "sample; services agreement; ContractReview"
    props.comments = "Original sample contract generated by make_sample_contract.py"
    props.category = "Sample"
    props.revision = 1
    props.created = FIXED_DATE
    props.modified = FIXED_DATE
    props.last_printed = FIXED_DATE


def build_document() -> DocxDocument:
    doc = Document()
    add_numbering(doc)
    set_up_styles(doc)
    set_up_page(doc)
    add_footnotes_part(doc)
    add_front_matter(doc)
    add_body(doc)
    add_signature_block(doc)
    set_core_properties(doc)
    return doc


def _deterministic_zip(data: bytes) -> bytes:
    """Re-pack the package with fixed timestamps so that every run gives identical bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


def build(path: Path = OUTPUT) -> Path:
    """Write the sample agreement to ``path`` and return it."""
    buffer = io.BytesIO()
    build_document().save(buffer)
    path.write_bytes(_deterministic_zip(buffer.getvalue()))
    return path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else OUTPUT
    print(build(target))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
