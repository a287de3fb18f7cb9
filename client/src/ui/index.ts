// The Serantau component kit. Styles ship as plain .css files (the production CSP allows no inline styles).
import './theme.css';
import './ui.css';

export { Button, ButtonLink, type ButtonProps, type ButtonVariant } from './Button';
export {
  TextField,
  TextArea,
  Select,
  Checkbox,
  CheckboxGroup,
  RadioGroup,
  type SelectOption,
  type TextFieldProps,
} from './fields';
export { Dialog, ConfirmDialog } from './Dialog';
export { Banner, Badge, Spinner, LoadingState, EmptyState, ErrorState, type Tone } from './feedback';
export { DataTable, type Column } from './DataTable';
export { Tabs, type TabItem } from './Tabs';
export { ToastProvider, useToast } from './Toast';
export { SensitivityBanner, SENSITIVITY_LEVELS, type SensitivityLevel } from './SensitivityBanner';
export { Page, Card, DescriptionList, VisuallyHidden, Cluster, useDocumentTitle, APP_NAME } from './layout';
export { ExternalLink, CopyButton, safeHref, downloadText } from './links';
export {
  SafeMarkdown,
  SAFE_MARKDOWN_ELEMENTS,
  safeUrlTransform,
  type SafeMarkdownProps,
} from './SafeMarkdown';
export { Icon, type IconName } from './Icon';
export { errorMessage, retryAfterMessage } from './errors';
export { cx } from './cx';
