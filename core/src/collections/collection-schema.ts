/**
 * @module The Go types behind PocketBase's collection JSON (`core.Collection`, its auth/view options and
 * each `core.*Field` struct), used to decode request bodies and imports exactly as PocketBase does.
 */
import type { CollectionType, FieldType } from './collection-model.js'
import {
  goBool,
  goDateTime,
  goFloat,
  goInt,
  goMap,
  goPtr,
  goSlice,
  goString,
  goStruct,
  type GoType,
} from './go-json-decode.js'

const common = (withHelp = true): [string, GoType][] => [
  ['name', goString],
  ['id', goString],
  ['system', goBool],
  ['hidden', goBool],
  ['presentable', goBool],
  ...(withHelp ? ([['help', goString]] as [string, GoType][]) : []),
]
const strings = goSlice(goString)

/** Each field type's Go struct (`core/field_*.go`). */
export const FIELD_SCHEMAS: Readonly<Record<FieldType, GoType>> = {
  text: goStruct([
    ...common(),
    ['min', goInt],
    ['max', goInt],
    ['pattern', goString],
    ['autogeneratePattern', goString],
    ['required', goBool],
    ['primaryKey', goBool],
  ]),
  number: goStruct([
    ...common(),
    ['min', goPtr(goFloat)],
    ['max', goPtr(goFloat)],
    ['onlyInt', goBool],
    ['required', goBool],
  ]),
  bool: goStruct([...common(), ['required', goBool]]),
  email: goStruct([
    ...common(),
    ['exceptDomains', strings],
    ['onlyDomains', strings],
    ['required', goBool],
  ]),
  url: goStruct([
    ...common(),
    ['exceptDomains', strings],
    ['onlyDomains', strings],
    ['required', goBool],
  ]),
  editor: goStruct([
    ...common(),
    ['maxSize', goInt],
    ['convertURLs', goBool],
    ['required', goBool],
  ]),
  date: goStruct([...common(), ['min', goDateTime], ['max', goDateTime], ['required', goBool]]),
  autodate: goStruct([...common(false), ['onCreate', goBool], ['onUpdate', goBool]]),
  select: goStruct([...common(), ['values', strings], ['maxSelect', goInt], ['required', goBool]]),
  file: goStruct([
    ...common(),
    ['maxSize', goInt],
    ['maxSelect', goInt],
    ['mimeTypes', strings],
    ['thumbs', strings],
    ['protected', goBool],
    ['required', goBool],
  ]),
  relation: goStruct([
    ...common(),
    ['collectionId', goString],
    ['cascadeDelete', goBool],
    ['minSelect', goInt],
    ['maxSelect', goInt],
    ['required', goBool],
  ]),
  json: goStruct([...common(), ['maxSize', goInt], ['required', goBool]]),
  password: goStruct([
    ...common(),
    ['pattern', goString],
    ['min', goInt],
    ['max', goInt],
    ['cost', goInt],
    ['required', goBool],
  ]),
  geoPoint: goStruct([...common(), ['required', goBool]]),
}

const emailTemplate = goStruct([
  ['subject', goString],
  ['body', goString],
])
const tokenConfig = goStruct([
  ['secret', goString],
  ['duration', goInt],
])

/** `core.OAuth2ProviderConfig`. */
export const OAUTH2_PROVIDER_SCHEMA = goStruct([
  ['pkce', goPtr(goBool)],
  ['name', goString],
  ['clientId', goString],
  ['clientSecret', goString],
  ['authURL', goString],
  ['tokenURL', goString],
  ['userInfoURL', goString],
  ['displayName', goString],
  ['extra', goMap],
])

/** `core.collectionAuthOptions`, key by key in JSON order. */
export const AUTH_OPTIONS_SCHEMA: readonly (readonly [string, GoType])[] = [
  ['authRule', goPtr(goString)],
  ['manageRule', goPtr(goString)],
  [
    'authAlert',
    goStruct([
      ['enabled', goBool],
      ['emailTemplate', emailTemplate],
    ]),
  ],
  [
    'oauth2',
    goStruct([
      // note: PocketBase always writes providers as an array (never null)
      ['providers', goSlice(OAUTH2_PROVIDER_SCHEMA, true)],
      [
        'mappedFields',
        goStruct([
          ['id', goString],
          ['name', goString],
          ['username', goString],
          ['avatarURL', goString],
        ]),
      ],
      ['enabled', goBool],
    ]),
  ],
  [
    'passwordAuth',
    goStruct([
      ['enabled', goBool],
      ['identityFields', strings],
    ]),
  ],
  [
    'mfa',
    goStruct([
      ['enabled', goBool],
      ['duration', goInt],
      ['rule', goString],
    ]),
  ],
  [
    'otp',
    goStruct([
      ['enabled', goBool],
      ['duration', goInt],
      ['length', goInt],
      ['emailTemplate', emailTemplate],
    ]),
  ],
  ['authToken', tokenConfig],
  ['passwordResetToken', tokenConfig],
  ['emailChangeToken', tokenConfig],
  ['verificationToken', tokenConfig],
  ['fileToken', tokenConfig],
  ['verificationTemplate', emailTemplate],
  ['resetPasswordTemplate', emailTemplate],
  ['confirmEmailChangeTemplate', emailTemplate],
]

/** `core.collectionViewOptions`. */
export const VIEW_OPTIONS_SCHEMA: readonly (readonly [string, GoType])[] = [['viewQuery', goString]]

/** The common `core.baseCollection` keys except `fields` (decoded by the fields list rules). */
export const BASE_COLLECTION_SCHEMA: readonly (readonly [string, GoType])[] = [
  ['id', goString],
  ['listRule', goPtr(goString)],
  ['viewRule', goPtr(goString)],
  ['createRule', goPtr(goString)],
  ['updateRule', goPtr(goString)],
  ['deleteRule', goPtr(goString)],
  ['name', goString],
  ['type', goString],
  ['indexes', goSlice(goString, true)],
  ['created', goDateTime],
  ['updated', goDateTime],
  ['system', goBool],
]

/** The option keys (with types) that belong to a collection type. */
export function optionSchema(
  type: CollectionType | string,
): readonly (readonly [string, GoType])[] {
  return type === 'auth' ? AUTH_OPTIONS_SCHEMA : type === 'view' ? VIEW_OPTIONS_SCHEMA : []
}
