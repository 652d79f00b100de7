"""The people's roles, as Django groups made by the migration priorities 0003_roles.

| Group          | Who                  | May                                                     |
|----------------|----------------------|---------------------------------------------------------|
| Editors        | PCC office staff     | enter the plan and each quarter in the admin; see drafts|
|                |                      | and send them for review                                |
| Approvers      | senior office staff  | what Editors may; return to draft, publish and amend    |
|                |                      | periods; read the audit trail                           |
| Viewers        | board members        | browse the pages and API of published periods           |
| Administrators | whoever runs the site| manage people, groups and API tokens; read the audit    |
|                |                      | trail                                                   |

Office staff also need "staff status" to reach the admin. The permissions of each group
are written into the migration, as it stood when it ran; change a role by a new migration
(as essexperf.audit's 0002 does, letting approvers and administrators read the audit trail,
and priorities 0004 does, letting editors send a draft for review).
"""

EDITORS = "Editors"
APPROVERS = "Approvers"
VIEWERS = "Viewers"
ADMINISTRATORS = "Administrators"

VIEW_PUBLISHED = "priorities.view_published"
VIEW_DRAFTS = "priorities.view_draft_period"
SUBMIT = "priorities.submit_period"
REVIEW = "priorities.review_period"
PUBLISH = "priorities.publish_period"
AMEND = "priorities.add_amendment"
