import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { STAFF_ROLE_NAMES, type AuditVerifyResult, type StaffRole } from '@haizhu/shared-types';
import { useState } from 'react';
import { staffLogout, verifyAuditChain } from '../../api/staff';
import { type ApiError, toApiError } from '../../api/errors';
// Before BigButton: the catalogue pieces' stylesheet comes first everywhere (one CSS order for weapp).
import { BigButton } from '../../components/BigButton';
import { PageShell } from '../../components/PageShell';
import { clearStaffSession, useStaffSession } from '../../store/session';
import { goPage, pageUrl } from '../../utils/navigation';
import { canHandleCourierTasks, canHandleRectifications, canReviewCases } from '../../casework/roles';
import { canCall, canIssueWalkIn, canSchedule, canWorkQueue } from '../roles';
import { canAnswerConsultations } from '../../consultdesk/roles';
import { canSeeStats } from '../dashboard/access';
import './index.scss';

/** A row leading to a hall tool (the app-wide hz-row look, as on 我的). */
function ToolRow({ title, sub, onClick, testId }: { title: string; sub: string; onClick(): void; testId: string }) {
  return (
    <View className='hz-row hz-row--link staff-tool' data-testid={testId} hoverClass='staff-tool--pressed' onClick={onClick}>
      <View className='staff-tool__label'>
        <Text className='staff-tool__title'>{title}</Text>
        <Text className='staff-tool__sub'>{sub}</Text>
      </View>
      <Text className='hz-row__chevron'>›</Text>
    </View>
  );
}

const AUDIT_ROLES: ReadonlySet<StaffRole> = new Set(['auditor', 'district_admin']);

function AuditResult({ result }: { result: AuditVerifyResult }) {
  return (
    <View className={`hz-alert${result.ok ? ' hz-alert--success' : ''}`} data-testid='staff-audit-result' data-ok={result.ok ? 'true' : 'false'}>
      <Text className='staff-audit__verdict'>{result.ok ? '审计记录完整，未发现篡改' : '审计记录链已断开，可能被篡改'}</Text>
      <Text className='staff-audit__line'>已核对 {result.checked} 条记录</Text>
      {result.firstBrokenSeq !== undefined && (
        <Text className='staff-audit__line' data-testid='staff-audit-broken-seq'>
          第一处断开：序号 {result.firstBrokenSeq}
        </Text>
      )}
      {result.reason && <Text className='staff-audit__line'>原因：{result.reason}</Text>}
    </View>
  );
}

export default function StaffHomePage() {
  const session = useStaffSession();
  const [verifying, setVerifying] = useState(false);
  const [result, setResult] = useState<AuditVerifyResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const verify = async () => {
    setVerifying(true);
    setError(null);
    setResult(null);
    try {
      setResult(await verifyAuditChain());
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setVerifying(false);
    }
  };

  const [loggingOut, setLoggingOut] = useState(false);
  const logout = async () => {
    setLoggingOut(true);
    try {
      // Revoke the token on the server first, so a copied token stops working too.
      await staffLogout();
    } catch {
      // A flaky network must not keep the clerk signed in on this device; the token expires anyway.
    } finally {
      setLoggingOut(false);
      clearStaffSession();
      void Taro.redirectTo({ url: '/staff/login/index' });
    }
  };

  const staff = session?.staff;
  const canAudit = staff ? staff.roles.some((r) => AUDIT_ROLES.has(r)) : false;

  return (
    <PageShell name='staff-home' requireLogin='staff'>
      {staff && (
        <View>
          <View className='hz-card' data-testid='staff-profile'>
            <Text className='staff-home__name' data-testid='staff-display-name'>
              {staff.displayName}
            </Text>
            <Text className='staff-home__username'>用户名：{staff.username}</Text>
            <View className='staff-home__roles' data-testid='staff-roles'>
              {staff.roles.map((r) => (
                <Text key={r} className='hz-tag staff-home__role'>
                  {STAFF_ROLE_NAMES[r]}
                </Text>
              ))}
            </View>
            {staff.hallId && <Text className='staff-home__meta'>所属大厅：{staff.hallId}</Text>}
            {staff.departmentCode && <Text className='staff-home__meta'>所属部门：{staff.departmentCode}</Text>}
          </View>

          {staff && canWorkQueue(staff.roles) && (
            <View className='hz-card' data-testid='staff-hall-tools'>
              <Text className='hz-card__title'>大厅工作</Text>
              <ToolRow
                title={canCall(staff.roles) ? '窗口叫号' : '导办台'}
                sub={[canCall(staff.roles) && '叫号、重呼、过号、办结', canIssueWalkIn(staff.roles) && '现场取号', '扫码签到'].filter(Boolean).join('、')}
                testId='staff-link-console'
                onClick={() => goPage('/staff/console/index')}
              />
              {canSchedule(staff.roles) && <ToolRow title='放号管理' sub='按模板开放预约时段' testId='staff-link-schedule' onClick={() => goPage('/staff/schedule/index')} />}
              <ToolRow title='叫号大屏' sub='在大厅电视上打开，显示叫号和等候人数' testId='staff-link-display' onClick={() => goPage(pageUrl('/staff/display/index', { hallId: staff.hallId }))} />
            </View>
          )}

          {canReviewCases(staff.roles) && (
            <View className='hz-card' data-testid='staff-casework'>
              <ToolRow title='办件审核' sub='在线申办的受理、补正和审批进度' testId='staff-link-casework' onClick={() => goPage('/casework/list/index')} />
              {canHandleCourierTasks(staff.roles) && (
                <ToolRow title='快递异常处理' sub='快递异常、退回和下单失败，联系申请人后记录处理情况' testId='staff-link-courier-tasks' onClick={() => goPage('/casework/courier-tasks/index')} />
              )}
            </View>
          )}

          {canAnswerConsultations(staff.roles) && (
            <View className='hz-card' data-testid='staff-consultations'>
              <ToolRow title='咨询答复' sub='群众就本部门、本大厅事项的在线咨询：按时答复，超期标红' testId='staff-link-consult-inbox' onClick={() => goPage('/consultdesk/inbox/index')} />
            </View>
          )}

          {canHandleRectifications(staff.roles) && (
            <View className='hz-card' data-testid='staff-evaluation'>
              <ToolRow title='差评整改' sub='本部门、本大厅收到的差评：限期整改、登记处理和回访' testId='staff-link-rectify-tasks' onClick={() => goPage('/casework/rectify-tasks/index')} />
            </View>
          )}

          {canSeeStats(staff.roles) && (
            <View className='hz-card' data-testid='staff-stats'>
              <ToolRow title='统计看板' sub='网上办理率、零跑动率、满意率、等候时长等，附口径说明' testId='staff-link-dashboard' onClick={() => goPage('/staff/dashboard/index')} />
            </View>
          )}

          {canAudit && (
            <View className='hz-card'>
              <Text className='hz-card__title'>审计记录核验</Text>
              <Text className='hz-card__text'>重新计算全部审计记录的哈希链，检查是否有记录被改动或删除。</Text>
              {result && <AuditResult result={result} />}
              {error && (
                <View className='hz-alert' data-testid='staff-audit-error'>
                  {error.message}
                </View>
              )}
              <BigButton onClick={() => void verify()} loading={verifying} loadingText='正在核验，记录多时需要一些时间…' testId='staff-audit-verify'>
                核验审计记录
              </BigButton>
            </View>
          )}

          <BigButton variant='danger' onClick={() => void logout()} loading={loggingOut} loadingText='正在退出…' testId='staff-logout'>
            退出工作人员登录
          </BigButton>
        </View>
      )}
    </PageShell>
  );
}
